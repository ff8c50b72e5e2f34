import { closest } from '../scenario/messages';
import { oneLine } from '../scenario/errors';

/**
 * yargs' failure messages rewritten for someone trying the CLI for the first time:
 * "Unknown argument: sed" becomes `unknown option --sed; did you mean --seed?`, a
 * misspelt command names the command it is closest to, a bad --lang says what it
 * accepts. One line per problem, ending with the help command for that command.
 */

/** What main.ts's yargs instance knows when a parse fails: the command and its options. */
export interface ParserState {
  getOptions(): { key: Record<string, unknown>; boolean?: string[]; array?: string[] };
  getInternalMethods(): { getContext(): { commands: string[] } };
}

export const COMMANDS = ['run', 'sweep', 'merge', 'trace', 'validate', 'list', 'lab', 'live'];

/** The lines to print (without the "lagsim: " prefix) for a usage failure. */
export function usageProblems(message: string, argv: string[], parser: ParserState): string[] {
  const command = safe(() => parser.getInternalMethods().getContext().commands[0]);
  const options = safe(() => Object.keys(parser.getOptions().key)) ?? [];
  const help = command !== undefined ? `lagsim ${command} --help` : 'lagsim --help';
  // An option left without its value is the root cause of whatever yargs says next (`--lang` at the end: "Invalid values").
  const missing = missingValue(argv, parser);
  const lines = missing !== null ? [missing] : explain(message, argv, command, options);
  return [...lines, `see "${help}"`].map(oneLine);
}

function explain(message: string, argv: string[], command: string | undefined, options: string[]): string[] {
  const typed = argv.find((a) => !a.startsWith('-'));
  if (command === undefined && (/^Did you mean /.test(message) || /^Unknown arguments?: /.test(message)) && typed !== undefined) {
    return [unknownCommand(typed)];
  }
  if (command === undefined) {
    // No command yet: yargs says only "name a command", but a mistyped --version is worth naming.
    const stray = argv.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.replace(/^--?(no-)?/, '').replace(/=.*$/, '')).filter((o) => !options.includes(o));
    if (stray.length > 0) return [...unknownArguments(stray, argv, undefined, options), `name a command: ${COMMANDS.join(', ')}`];
  }
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown !== null) return unknownArguments(unknown[1].split(', '), argv, command, options);
  if (/^Not enough non-option arguments/.test(message) || /^Missing required argument: scenario$/.test(message)) {
    if (command === undefined) return [`name a command: ${COMMANDS.join(', ')}`];
    if (command === 'merge') return ['merge needs the shard files of one sweep, e.g. lagsim merge shard-*-of-4.json (written by lagsim sweep … --shard i/4)'];
    return [`${command} needs a scenario file, e.g. lagsim ${command} scenarios/apple-stock.yaml${command === 'sweep' ? ' --param "strategies[3].window=0ms..2s"' : ''}`];
  }
  const missing = /^Missing required arguments?: (.*)$/.exec(message);
  if (missing !== null) return missing[1].split(', ').map((name) => `--${name} is required`);
  if (/^Invalid values?:/.test(message)) return invalidValues(message);
  return message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}

function unknownCommand(typed: string): string {
  const near = closest(typed, COMMANDS);
  return `unknown command ${JSON.stringify(typed)}${near !== undefined ? `; did you mean ${near}?` : ''} (commands: ${COMMANDS.join(', ')})`;
}

function unknownArguments(names: string[], argv: string[], command: string | undefined, options: string[]): string[] {
  const known = options.filter((o) => o !== '$0' && o !== 'scenario');
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    // yargs reports --foo-bar as both "foo-bar" and "fooBar"; keep the spelling that was typed.
    const dashed = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (seen.has(dashed) || seen.has(name)) continue;
    seen.add(name);
    seen.add(dashed);
    const asOption = argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}` || a === `--no-${name}`);
    if (!asOption) {
      lines.push(`unexpected argument ${JSON.stringify(name)}${command !== undefined && command !== 'validate' ? ` (${command} takes one scenario file; quote a path with spaces)` : ''}`);
      continue;
    }
    const negated = argv.includes(`--no-${name}`) ? 'no-' : '';
    const near = closest(name, known);
    const elsewhere = near === undefined ? otherCommandHint(name, command) : '';
    lines.push(`unknown option --${negated}${name}${near !== undefined ? `; did you mean --${negated}${near}?` : elsewhere}`);
  }
  return lines;
}

/** Options that belong to another command: the most common mix-up after a typo. */
const ONLY_IN: Record<string, string> = { param: 'sweep', steps: 'sweep', workers: 'sweep', applies: 'trace', runs: 'run or sweep' };

function otherCommandHint(name: string, command: string | undefined): string {
  const owner = ONLY_IN[name];
  return owner !== undefined && owner !== command ? ` (--${name} is an option of ${owner}, not ${command ?? 'this command'})` : '';
}

/** "Invalid values:\n  Argument: lang, Given: "fr", Choices: "en", "ko"" → `--lang: expected one of en, ko, got "fr"`. */
function invalidValues(message: string): string[] {
  const lines: string[] = [];
  for (const m of message.matchAll(/Argument: ([^,]+), Given: (.*?), Choices: (.*)/g)) {
    const choices = m[3].split(', ').map((c) => c.replace(/^"|"$/g, ''));
    const given = m[2].replace(/^"|"$/g, '');
    const near = closest(given, choices);
    lines.push(`--${m[1]}: expected one of ${choices.join(', ')}, got ${m[2]}${near !== undefined ? ` (did you mean ${near}?)` : ''}`);
  }
  return lines.length > 0 ? lines : [message.replace(/\s*\n\s*/g, ' ')];
}

/**
 * An option that takes a value but was given none (`--out` last, or followed by another
 * option): yargs would use '' or the default silently. Returns the message, or null.
 */
export function missingValue(argv: string[], parser: ParserState): string | null {
  const opts = safe(() => parser.getOptions());
  if (opts === undefined) return null;
  const flags = new Set(opts.boolean ?? []);
  const known = new Set(Object.keys(opts.key));
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([A-Za-z][\w-]*)$/.exec(argv[i]);
    if (m === null || !known.has(m[1]) || flags.has(m[1]) || m[1] === 'help' || m[1] === 'version') continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) return `--${m[1]} needs a value`;
  }
  return null;
}

function safe<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
