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

const YARGS_FAILURES: Record<string, string | { one: string; other: string }> = {
  'Not enough non-option arguments: got %s, need at least %s': { one: 'Not enough non-option arguments: got %s, need at least %s', other: 'Not enough non-option arguments: got %s, need at least %s' },
  'Too many non-option arguments: got %s, maximum of %s': { one: 'Too many non-option arguments: got %s, maximum of %s', other: 'Too many non-option arguments: got %s, maximum of %s' },
  'Missing argument value: %s': { one: 'Missing argument value: %s', other: 'Missing argument values: %s' },
  'Missing required argument: %s': { one: 'Missing required argument: %s', other: 'Missing required arguments: %s' },
  'Unknown argument: %s': { one: 'Unknown argument: %s', other: 'Unknown arguments: %s' },
  'Unknown command: %s': { one: 'Unknown command: %s', other: 'Unknown commands: %s' },
  'Invalid values:': 'Invalid values:',
  'Argument: %s, Given: %s, Choices: %s': 'Argument: %s, Given: %s, Choices: %s',
  'Argument check failed: %s': 'Argument check failed: %s',
  'Not enough arguments following: %s': 'Not enough arguments following: %s',
  'Did you mean %s?': 'Did you mean %s?',
};

type Described = { describe?: unknown } | undefined;

/** Patches the instance's declaring methods so every description is translated as it is declared. */
export function localizeHelp<T>(y: Argv<T>, lang: Lang): Argv<T> {
  y.locale(lang);
  if (lang === 'en') return y;
  // yargs' failure texts stay English: usage.ts reads them to write its own lines, which
  // main.ts then translates from the catalogue (src/i18n/problems.ts).
  y.updateStrings(YARGS_FAILURES as never);
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
