import type { Argv } from 'yargs';
import { Lang, lookup, pickLang } from '../i18n';

/**
 * The command line's help in the reader's language. yargs translates its own words
 * ("Options:", "required", its usage errors) with .locale(); our descriptions are looked
 * up in the catalogue under "help:<English text>" as the commands declare them, so
 * main.ts keeps plain English strings and a text without a translation stays English.
 */

/** The language asked for: --lang ko / --lang=ko anywhere on the line, else the locale. */
export function langOfArgv(argv: string[], env: Record<string, string | undefined> = process.env): Lang {
  let flag: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--lang') flag = argv[i + 1];
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  });
  return pickLang(flag, env);
}

export function helpText(lang: Lang, english: string): string {
  return lang === 'en' ? english : lookup(lang, `help:${english}`) ?? english;
}

type Described = { describe?: unknown } | undefined;

/** Patches the instance's declaring methods so every description is translated as it is declared. */
export function localizeHelp<T>(y: Argv<T>, lang: Lang): Argv<T> {
  y.locale(lang);
  if (lang === 'en') return y;
  const tr = (s: unknown): unknown => (typeof s === 'string' ? helpText(lang, s) : s);
  const described = (o: Described): Described => (o !== undefined && typeof o === 'object' && typeof o.describe === 'string' ? { ...o, describe: tr(o.describe) } : o);
  const any = y as unknown as Record<string, (...args: unknown[]) => unknown>;
  const patch = (name: string, change: (args: unknown[]) => unknown[]): void => {
    const original = any[name].bind(y);
    any[name] = (...args: unknown[]) => original(...change(args));
  };
  patch('option', ([key, opt, ...rest]) => [key, described(opt as Described), ...rest]);
  patch('positional', ([key, opt, ...rest]) => [key, described(opt as Described), ...rest]);
  patch('command', ([cmd, desc, ...rest]) => [cmd, tr(desc), ...rest]);
  patch('example', ([cmd, desc, ...rest]) => [cmd, tr(desc), ...rest]);
  patch('usage', ([msg, ...rest]) => [tr(msg), ...rest]);
  // The epilog lists "strategies:" and one "  name  summary" line per strategy.
  const epilogLine = (line: string): string => {
    const m = /^(\s+\S+\s+)(.+)$/.exec(line);
    return m === null ? helpText(lang, line) : m[1] + helpText(lang, m[2]);
  };
  patch('epilog', ([msg, ...rest]) => [typeof msg === 'string' ? msg.split('\n').map(epilogLine).join('\n') : msg, ...rest]);
  return y;
}
