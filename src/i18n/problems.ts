import { Lang, lookup } from '.';
import { validationEn, ValidationKey } from './validation.en';

/**
 * Problem lines (InputError, usage failures) in the reader's language. Validation writes
 * its messages in English, in one place each, with no language in sight; this reads such
 * a line back against the English templates of validation.en.ts and fills the same
 * template in the other language. Doing it at the edge keeps the English output exactly
 * as it was and keeps language out of zod's transforms and the error maps.
 *
 * A line is `where: message`, where `where` is a file, `file:line:col`, a field path or an
 * option, any of them possibly absent; only the message is translated, the rest and every
 * value ({got}, field names, strategy names, "500ms") are copied as they are. A message
 * with no template stays English (tests check that the common ones have one).
 */

interface Compiled {
  key: ValidationKey;
  re: RegExp;
  names: string[];
  literal: number;
}

/** What a {name} may match: numbers for counts, the two spellings for entries, else anything (shortest first). */
function varPattern(name: string, first: boolean): string {
  if (name === 'n' || name === 'line' || name === 'followers') return '(-?[\\d.]+(?:e[+-]?\\d+)?)';
  if (name === 'entries') return '(entry|entries)';
  // A message starting with a value ("0.5us" is finer…): the value is one quoted string or word.
  return first ? '("(?:[^"\\\\]|\\\\.)*"|[^\\s:]+)' : '(.+?)';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(key: ValidationKey, text: string, asHint: boolean): Compiled {
  const names: string[] = [];
  const parts = text.split(/\{(\w+)\}/);
  let source = '';
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) source += escape(parts[i]);
    else {
      names.push(parts[i]);
      source += varPattern(parts[i], i === 1 && parts[0] === '' && parts[i] !== 'message');
    }
  }
  const literal = parts.filter((_, i) => i % 2 === 0).join('').length;
  // A hint is matched at the end of a message; what comes before it is the message proper.
  return { key, re: new RegExp(asHint ? `^(.+?)${source}$` : `^${source}$`, 's'), names, literal };
}

let cache: { main: Compiled[]; hints: Compiled[]; words: Map<string, ValidationKey> } | undefined;

function templates(): NonNullable<typeof cache> {
  if (cache !== undefined) return cache;
  const main: Compiled[] = [];
  const hints: Compiled[] = [];
  const words = new Map<string, ValidationKey>();
  for (const [key, text] of Object.entries(validationEn) as Array<[ValidationKey, string]>) {
    if (key.startsWith('vw.')) words.set(text, key);
    else if (key.startsWith('vh.')) hints.push(compile(key, text, true));
    else main.push(compile(key, text, false));
  }
  // The most specific template first: "unknown strategy x; did you mean y? (…)" before "unknown strategy x (…)".
  main.sort((a, b) => b.literal - a.literal);
  hints.sort((a, b) => b.literal - a.literal);
  cache = { main, hints, words };
  return cache;
}

function fill(lang: Lang, c: Compiled, values: string[]): string | undefined {
  const vars: Record<string, string> = {};
  for (let i = 0; i < c.names.length; i++) {
    const name = c.names[i];
    const value = values[i];
    const word = templates().words.get(value);
    if (name === 'message') {
      // A message inside a message must itself have a template, or this is not the match.
      const inner = translateMessage(lang, value);
      if (inner === undefined) return undefined;
      vars[name] = inner;
    } else if (name === 'list') {
      // "unknown fields "a" (did you mean b?), "c"": the hints inside a list, too.
      vars[name] = value.replace(/ \(did you mean ([^()?]+)\?\)/g, (_, near: string) => lookup(lang, 'vh.didYouMeanParen', { near }) ?? _);
    } else vars[name] = word !== undefined ? lookup(lang, word) ?? value : value;
  }
  return lookup(lang, c.key, vars);
}

/** The message in `lang`, or undefined when no template fits it. */
export function translateMessage(lang: Lang, message: string): string | undefined {
  const { main, hints } = templates();
  // A hint first: otherwise the message's last {value} would swallow it untranslated.
  for (const h of hints) {
    const m = h.re.exec(message);
    if (m === null) continue;
    const head = translateMessage(lang, m[1]);
    const hint = fill(lang, h, m.slice(2));
    if (head !== undefined && hint !== undefined) return head + hint;
  }
  for (const c of main) {
    const m = c.re.exec(message);
    const done = m === null ? undefined : fill(lang, c, m.slice(1));
    if (done !== undefined) return done;
  }
  return undefined;
}

/** One problem line in `lang`: the message after the shortest "where: " prefix that has a template. */
export function localizeProblem(lang: Lang, line: string): string {
  if (lang === 'en') return line;
  const starts = [0];
  for (let at = line.indexOf(': '); at !== -1; at = line.indexOf(': ', at + 1)) starts.push(at + 2);
  for (const start of starts) {
    const done = translateMessage(lang, line.slice(start));
    if (done !== undefined) return line.slice(0, start) + done;
  }
  return line;
}

export function localizeProblems(lang: Lang, lines: readonly string[]): string[] {
  return lines.map((line) => localizeProblem(lang, line));
}
