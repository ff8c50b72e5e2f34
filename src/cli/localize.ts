import type { Argv } from 'yargs';
import { Lang, MessageKey, pickLang, t } from '../i18n';

/**
 * The command line in the reader's language. The language is known before yargs is
 * built (langOfArgv), so main.ts declares every description by its catalogue id
 * (`help.opt.seed`), already in that language. yargs' own words ("Options:", "required")
 * come from its locale files (.locale()).
 */

/** A help text's id in the catalogue (src/i18n/classroom.*.ts). */
export type HelpKey = Extract<MessageKey, `help.${string}`>;

export function helpOf(lang: Lang, id: HelpKey): string {
  return t(lang, id);
}

/** The language asked for: --lang ko / --lang=ko anywhere on the line, else the locale. */
export function langOfArgv(argv: string[], env: Record<string, string | undefined> = process.env): Lang {
  let flag: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--lang') flag = argv[i + 1];
    else if (arg.startsWith('--lang=')) flag = arg.slice('--lang='.length);
  });
  return pickLang(flag, env);
}

/**
 * yargs' failure messages as tokens: `\u0001kind\u0002arg\u0003arg…`. usage.ts turns a
 * failure into problems (src/i18n/problem.ts) of its own wording, so it needs to know
 * which failure happened and its values, not yargs' sentence. yargs offers no structured
 * failure (its fail handler gets only the formatted string), but every message goes
 * through its locale strings: replacing those format strings with tokens makes the
 * string machine-readable, whatever the locale. Only these failures are reachable with
 * main.ts's configuration (no config files, implications or conflicts).
 */
export const YARGS_FAILURE = {
  notEnough: 'Not enough non-option arguments: got %s, need at least %s',
  tooMany: 'Too many non-option arguments: got %s, maximum of %s',
  missingValue: 'Missing argument value: %s',
  missingRequired: 'Missing required argument: %s',
  unknownArgument: 'Unknown argument: %s',
  unknownCommand: 'Unknown command: %s',
  invalidValues: 'Invalid values:',
  choice: 'Argument: %s, Given: %s, Choices: %s',
  checkFailed: 'Argument check failed: %s',
  notEnoughFollowing: 'Not enough arguments following: %s',
  didYouMean: 'Did you mean %s?',
} as const;

export type YargsFailure = keyof typeof YARGS_FAILURE;

/** `kind` with its %s slots, as a token. */
function token(kind: YargsFailure): string {
  const slots = YARGS_FAILURE[kind].match(/%s/g) ?? [];
  return `\u0001${kind}\u0002${slots.join('\u0003')}`;
}

/** The tokens in a failure message, in order, with their values. */
export function yargsFailures(message: string): Array<{ kind: YargsFailure; args: string[] }> {
  return [...message.matchAll(/\u0001(\w+)\u0002([^\u0001\n]*)/g)].map((m) => ({ kind: m[1] as YargsFailure, args: m[2].split('\u0003') }));
}

/** yargs speaking `lang` for its help words, and tokens for its failures. */
export function yargsInLang<T>(y: Argv<T>, lang: Lang): Argv<T> {
  y.locale(lang);
  const strings: Record<string, string | { one: string; other: string }> = {};
  for (const kind of Object.keys(YARGS_FAILURE) as YargsFailure[]) {
    const tok = token(kind);
    // The plural forms (yargs' __n) share one token: the values list says how many.
    strings[YARGS_FAILURE[kind]] = ['notEnough', 'tooMany', 'missingValue', 'missingRequired', 'unknownArgument', 'unknownCommand'].includes(kind) ? { one: tok, other: tok } : tok;
  }
  y.updateStrings(strings as never);
  return y;
}
