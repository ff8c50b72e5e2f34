import type { MessageKey } from './en';
import { particle } from './korean';

/**
 * The string catalogue for everything lagsim shows people: one table per language, one
 * lookup function. Adding a language: its catalogue files (the type checker asks for
 * every key) and one entry here; --lang, the locale, the lab's switch and the lesson
 * schema follow.
 */
const LANGUAGES = {
  en: { name: 'English', load: (): Table => (require('./en') as typeof import('./en')).en },
  ko: { name: '한국어', load: (): Table => (require('./ko') as typeof import('./ko')).ko },
} as const;

type Table = Record<MessageKey, string>;
export type Lang = keyof typeof LANGUAGES;
export type { MessageKey };

/**
 * The catalogues loaded so far. A catalogue is loaded the first time text in its language
 * is asked for, so a simulation that produces no text never loads one.
 */
const tables: Partial<Record<Lang, Table>> = {};

function table(lang: Lang): Table {
  return (tables[lang] ??= LANGUAGES[lang].load());
}

export const LANGS = Object.keys(LANGUAGES) as readonly Lang[];

/** The language's own name, as a language switch shows it. */
export function langName(lang: Lang): string {
  return LANGUAGES[lang].name;
}

export type Vars = Record<string, string | number>;

/**
 * The string for `key` in `lang`, with each `{name}` replaced by vars[name] and each
 * `{name|a|b}` by the word of the two that vars[name] calls for (CHOICE).
 */
export function t(lang: Lang, key: MessageKey, vars?: Vars): string {
  return fillVars(lang, table(lang)[key], vars);
}

/** Like t(), for keys built at run time (`strategy.${name}`); undefined when there is none. */
export function lookup(lang: Lang, key: string, vars?: Vars): string | undefined {
  const text = (table(lang) as Record<string, string>)[key];
  return text === undefined ? undefined : fillVars(lang, text, vars);
}

/** `{name}`, or `{name|a|b}`: of two words, the one vars[name] calls for in the language (CHOICE). */
export const PLACEHOLDER = /\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g;

/**
 * How each language picks between the two words of `{name|a|b}` for a value: English, the
 * noun's number for a count ("{n} {n|run|runs}"); Korean, the particle for the sound the value
 * ends on ("{strategy}{strategy|은|는}", korean.ts).
 */
const CHOICE: Record<Lang, (value: string, a: string, b: string) => string> = {
  en: (value, one, other) => (englishPlural.select(Number(value)) === 'one' ? one : other),
  ko: particle,
};
const englishPlural = new Intl.PluralRules('en');

/** Of the words `a` and `b`, the one `value` calls for in `lang` (CHOICE). */
export function choose(lang: Lang, value: string, a: string, b: string): string {
  return CHOICE[lang](value, a, b);
}

/** A placeholder's text: the value of `name`, or with `a` and `b` given, the word of the two its value calls for. */
export function placeholder(lang: Lang, vars: Vars, name: string, a?: string, b?: string): string {
  if (!Object.hasOwn(vars, name)) return a === undefined ? `{${name}}` : `{${name}|${a}|${b}}`;
  if (a === undefined || b === undefined) return String(vars[name]);
  return choose(lang, String(vars[name]), a, b);
}

/** `text` with its placeholders filled from `vars` as t() fills a catalogue string; one `vars` lacks stays as written. */
export function fillVars(lang: Lang, text: string, vars?: Vars): string {
  if (vars === undefined) return text;
  return text.replace(PLACEHOLDER, (_whole, name: string, one?: string, other?: string) => placeholder(lang, vars, name, one, other));
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/**
 * The language to speak: the --lang flag when given, else the locale as POSIX ranks it
 * (LC_ALL, then LC_MESSAGES, then LANG; the first one set decides): the language it
 * names (ko_KR.UTF-8 → ko), English otherwise — including C and POSIX.
 */
export function pickLang(flag: string | undefined, env: Record<string, string | undefined> = process.env): Lang {
  if (isLang(flag)) return flag;
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return LANGS.find((l) => new RegExp(`^${l}([_.@-]|$)`, 'i').test(value)) ?? 'en';
  }
  return 'en';
}
