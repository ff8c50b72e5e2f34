import stringWidth from 'string-width';
import { Lang, PLACEHOLDER, placeholder } from '.';

/**
 * A catalogue string split once into literal parts and placeholders, for text produced
 * millions of times (trace narration): filling it is plain concatenation, no regex.
 * It fills as t() does, `{name|one|other}` included.
 */
export type Template = (vars: Record<string, string | number>) => string;

export function template(lang: Lang, text: string): Template {
  // split keeps the placeholder's three groups (name, one, other) between the literal parts.
  const parts = text.split(PLACEHOLDER);
  return (vars) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 4) out += placeholder(lang, vars, parts[i], parts[i + 1], parts[i + 2]) + parts[i + 3];
    return out;
  };
}

/** Columns a string takes in a terminal: East Asian wide characters (Hangul, CJK) and emoji take two. */
export function displayWidth(s: string): number {
  return stringWidth(s);
}
