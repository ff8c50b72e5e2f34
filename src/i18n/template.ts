/**
 * A catalogue string split once into literal parts and {names}, for text produced
 * millions of times (trace narration): filling it is plain concatenation, no regex.
 */
export type Template = (vars: Record<string, string | number>) => string;

export function template(text: string): Template {
  const parts = text.split(/\{(\w+)\}/);
  return (vars) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += (parts[i] in vars ? String(vars[parts[i]]) : `{${parts[i]}}`) + parts[i + 1];
    return out;
  };
}

/** Columns a string takes in a terminal: East Asian wide characters (Hangul, CJK) take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}
