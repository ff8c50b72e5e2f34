import stringWidth from 'string-width';

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

/** Columns a string takes in a terminal: East Asian wide characters (Hangul, CJK) and emoji take two. */
export function displayWidth(s: string): number {
  return stringWidth(s);
}
