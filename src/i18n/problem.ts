import { Lang, lookup, t } from '.';
import type { ValidationKey } from './validation.en';

/**
 * A problem with the input is data: where it is, a catalogue key, and the values that
 * fill the key's {names}. Each language is a rendering of it (renderMsg), English
 * included, so no language reads another back. `where` (a file, `file:line:col`, a field
 * path, an option, or several joined by ": ") and the values are printed as they are;
 * only the key's text changes with the language.
 */
export type ProblemKey = ValidationKey;

/** A count that picks the plural form of a word: `vw.entries` → `vw.entries.one` or `.other`. */
type Stem<K> = K extends `${infer W}.one` ? W : never;

export interface Plural {
  plural: Stem<ProblemKey>;
  count: number;
}

/** A value in a message: printed as it is, a word or message of the catalogue, a counted word, or a list. */
export type Var = string | number | Msg | Plural | readonly Var[];

/** A message: a key, its values, and hints appended after it (" (did you mean x?)"). */
export interface Msg {
  key: ProblemKey;
  vars?: Record<string, Var>;
  hints?: Msg[];
}

export interface Problem extends Msg {
  /** What the problem is about; '' when the message stands alone. */
  where: string;
}

export function msg(key: ProblemKey, vars?: Record<string, Var>, ...hints: Array<Msg | undefined>): Msg {
  const kept = hints.filter((h): h is Msg => h !== undefined);
  return kept.length > 0 ? { key, vars, hints: kept } : vars !== undefined ? { key, vars } : { key };
}

/** The same message with `hint` appended (when there is one). */
export function withHint(m: Msg, hint: Msg | undefined): Msg {
  return hint === undefined ? m : { ...m, hints: [...(m.hints ?? []), hint] };
}

/** Most characters of a value a problem quotes: a longer one is cut, so the reason still fits the line. */
const QUOTED_MOST = 40;

/** `value`, or its first QUOTED_MOST characters and … (never half a surrogate pair). */
export function clipped(value: string): string {
  if (value.length <= QUOTED_MOST) return value;
  const end = /[\ud800-\udbff]/.test(value[QUOTED_MOST - 1]) ? QUOTED_MOST - 1 : QUOTED_MOST;
  return `${value.slice(0, end)}…`;
}

/** Text with no catalogue entry (a database driver's error, a parser message we have no words for). */
export function text(value: string): Msg {
  return { key: 'vw.text', vars: { text: value } };
}

/** A problem about `where` (joined to an existing where with ": "). */
export function at(where: string, m: Msg): Problem {
  return { ...m, where };
}

export function within(where: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, where: p.where === '' ? where : `${where}: ${p.where}` }));
}

function isList(v: Var): v is readonly Var[] {
  return Array.isArray(v);
}

function isMsg(v: Var): v is Msg {
  return typeof v === 'object' && 'key' in v;
}

function isPlural(v: Var): v is Plural {
  return typeof v === 'object' && 'plural' in v;
}

function renderVar(lang: Lang, v: Var): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (isList(v)) return v.map((item) => renderVar(lang, item)).join(', ');
  if (isPlural(v)) return lookup(lang, `${v.plural}.${new Intl.PluralRules(lang).select(v.count)}`) ?? lookup(lang, `${v.plural}.other`)!;
  return renderMsg(lang, v as Msg);
}

/** The message in `lang`: the key's text with every value filled in, then its hints. */
export function renderMsg(lang: Lang, m: Msg): string {
  const vars: Record<string, string> = {};
  for (const [name, v] of Object.entries(m.vars ?? {})) vars[name] = renderVar(lang, v);
  return t(lang, m.key, vars) + (m.hints ?? []).map((h) => renderMsg(lang, h)).join('');
}

/** One problem line in `lang`: "where: message". */
export function renderProblem(lang: Lang, p: Problem): string {
  const message = renderMsg(lang, p);
  return p.where === '' ? message : `${p.where}: ${message}`;
}

/** Every key a message uses, nested values and hints included (for tests and the catalogue checks). */
export function keysOf(m: Msg): ProblemKey[] {
  const out: ProblemKey[] = [m.key];
  const visit = (v: Var): void => {
    if (isList(v)) v.forEach(visit);
    else if (isMsg(v)) out.push(...keysOf(v));
  };
  Object.values(m.vars ?? {}).forEach(visit);
  for (const h of m.hints ?? []) out.push(...keysOf(h));
  return out;
}
