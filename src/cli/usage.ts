import { EXAMPLES, ExampleCommand } from './examples';
import { closest } from '../scenario/messages';
import { InputError } from '../scenario/errors';
import { at, msg, Problem, text, Var } from '../i18n/problem';
import { YARGS_FAILURE, yargsFailures } from './localize';

/**
 * yargs' failure messages rewritten for someone trying the CLI for the first time:
 * "Unknown argument: sed" becomes `unknown option --sed; did you mean --seed?`, a
 * misspelt command names the command it is closest to, a bad --lang says what it
 * accepts. One line per problem, ending with the help command for that command.
 */

/** What main.ts's yargs instance knows when a parse fails: the command and its options. */
export interface ParserState {
  getOptions(): { key: Record<string, unknown>; boolean?: string[]; array?: string[]; number?: string[] };
  getInternalMethods(): { getContext(): { commands: string[] } };
}

export const COMMANDS = ['run', 'sweep', 'advise', 'merge', 'trace', 'validate', 'list', 'init', 'import', 'schema', 'lab', 'site', 'live', 'proxy', 'help', 'completion'];

/** The problems to print for a usage failure: yargs' `message` (tokens, see localize.ts) or a check's `err`. */
export function usageProblems(message: string | null, err: Error | undefined, argv: string[], parser: ParserState): Problem[] {
  // The command and, for `import lag`, its subcommand.
  const [command, sub] = safe(() => parser.getInternalMethods().getContext().commands) ?? [];
  const options = safe(() => Object.keys(parser.getOptions().key)) ?? [];
  const help = command !== undefined ? `lagsim ${command} --help` : 'lagsim --help';
  // An option left without its value is the root cause of whatever yargs says next (`--lang` at the end: "Invalid values").
  const missing = missingValue(argv, parser);
  const problems = missing !== null ? [missing] : err instanceof InputError ? err.issues : explain(message ?? err?.message ?? '', argv, command, sub, options);
  return [...problems, at('', msg('u.see', { help }))];
}

function explain(message: string, argv: string[], command: string | undefined, sub: string | undefined, options: string[]): Problem[] {
  const failures = yargsFailures(message);
  const first = failures[0]?.kind;
  const typed = argv.find((a) => !a.startsWith('-'));
  if (command === undefined && (first === 'didYouMean' || first === 'unknownArgument') && typed !== undefined) {
    return [unknownCommand(typed)];
  }
  if (command === undefined) {
    // No command yet: yargs says only "name a command", but a mistyped --version is worth naming.
    const stray = argv.filter((a) => /^--?[A-Za-z]/.test(a)).map((a) => a.replace(/^--?(no-)?/, '').replace(/=.*$/, '')).filter((o) => !options.includes(o));
    if (stray.length > 0) return [...unknownArguments(stray, argv, undefined, options), at('', msg('u.nameCommand', { list: COMMANDS }))];
  }
  if (first === 'didYouMean' && command !== undefined) {
    return [at('', msg('u.unknownSubcommand', { command, typed: operandAfter(argv, command), near: failures[0].args[0] }))];
  }
  if (first === 'unknownArgument') return unknownArguments(failures[0].args[0].split(', '), argv, command, options);
  if (first === 'notEnough' || (first === 'missingRequired' && ['scenario', 'file'].includes(failures[0].args[0]))) return [needsOperand(command, sub)];
  if (first === 'missingRequired') return failures[0].args[0].split(', ').map((name) => at('', msg('u.required', { option: `--${name}` })));
  if (first === 'invalidValues') return invalidValues(failures.filter((f) => f.kind === 'choice').map((f) => f.args));
  // Any other failure in yargs' own English words, its values filled in.
  if (failures.length > 0) return failures.map((f) => at('', text(f.args.reduce((out: string, arg) => out.replace('%s', arg), YARGS_FAILURE[f.kind]))));
  return message.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => at('', text(line)));
}

/** The first word after `command` that is neither an option nor an option's value (`import --lang ko lagg` → lagg). */
function operandAfter(argv: string[], command: string): string {
  for (let i = argv.indexOf(command) + 1; i < argv.length; i++) {
    if (!argv[i].startsWith('-')) return argv[i];
    if (!argv[i].includes('=') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('-')) i++;
  }
  return '';
}

/** What a command (and subcommand) is missing when it was given no operand. */
function needsOperand(command: string | undefined, sub: string | undefined): Problem {
  if (command === undefined) return at('', msg('u.noCommand'));
  if (command === 'import') return at('', sub === undefined ? msg('u.importNeeds') : msg('u.needsFile', { command: `import ${sub}`, example: `lagsim ${EXAMPLES[`import ${sub}` as ExampleCommand]?.[0][0] ?? `import ${sub} FILE`}` }));
  if (command === 'merge') return at('', msg('u.mergeNeeds'));
  if (command === 'proxy') return at('', msg('u.proxyNeeds'));
  const example = `lagsim ${command} scenarios/apple-stock.yaml${command === 'sweep' ? ' --param "strategies[3].window=0ms..2s"' : ''}`;
  return at('', msg('u.needsScenario', { command, example }));
}

export function unknownCommand(typed: string): Problem {
  const near = closest(typed, COMMANDS);
  const vars = { typed: JSON.stringify(typed), list: COMMANDS };
  return at('', near !== undefined ? msg('u.unknownCommandNear', { ...vars, near }) : msg('u.unknownCommand', vars));
}

function unknownArguments(names: string[], argv: string[], command: string | undefined, options: string[]): Problem[] {
  const known = options.filter((o) => o !== '$0' && o !== 'scenario');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    // yargs reports --foo-bar as both "foo-bar" and "fooBar"; keep the spelling that was typed.
    const dashed = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (seen.has(dashed) || seen.has(name)) continue;
    seen.add(name);
    seen.add(dashed);
    const asOption = argv.some((a) => a === `--${name}` || a.startsWith(`--${name}=`) || a === `-${name}` || a === `--no-${name}`);
    if (!asOption) {
      const arg = JSON.stringify(name);
      problems.push(at('', command !== undefined && command !== 'validate' ? msg('u.unexpectedArgOne', { arg, command }) : msg('u.unexpectedArg', { arg })));
      continue;
    }
    const negated = argv.includes(`--no-${name}`) ? 'no-' : '';
    const option = `--${negated}${name}`;
    const near = closest(name, known);
    const owner = Object.hasOwn(ONLY_IN, name) ? ONLY_IN[name] : undefined;
    if (near !== undefined) problems.push(at('', msg('u.unknownOption', { option }, msg('vh.didYouMean', { near: `--${negated}${near}` }))));
    else if (owner !== undefined && owner !== command) {
      problems.push(at('', msg('u.optionElsewhere', { option, name, owner, command: command ?? msg('vw.thisCommand') })));
    } else problems.push(at('', msg('u.unknownOption', { option })));
  }
  return problems;
}

/** Options that belong to another command: the most common mix-up after a typo. */
const ONLY_IN: Record<string, Var> = { param: 'sweep', steps: 'sweep', workers: 'sweep', applies: 'trace', runs: msg('vw.runOrSweep') };

/** yargs' "Argument: lang, Given: "fr", Choices: "en", "ko"" values → `--lang: expected one of en, ko, got "fr"`. */
function invalidValues(choices: string[][]): Problem[] {
  return choices.map(([name, given, list]) => {
    const values = list.split(', ').map((c) => c.replace(/^"|"$/g, ''));
    const vars = { option: `--${name}`, list: values, got: given };
    const near = closest(given.replace(/^"|"$/g, ''), values);
    return at('', near !== undefined ? msg('u.choicesNear', { ...vars, near }) : msg('u.choices', vars));
  });
}

/**
 * An option that takes a value but was given none (`--out` last, or followed by another
 * option): yargs would use '' or the default silently. Returns the message, or null.
 */
export function missingValue(argv: string[], parser: ParserState): Problem | null {
  const opts = safe(() => parser.getOptions());
  if (opts === undefined) return null;
  const flags = new Set(opts.boolean ?? []);
  const known = new Set(Object.keys(opts.key));
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([A-Za-z][\w-]*)$/.exec(argv[i]);
    if (m === null || !known.has(m[1]) || flags.has(m[1]) || m[1] === 'help' || m[1] === 'version') continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('-') && !/^-\d/.test(next))) return at('', msg('u.needsValue', { option: `--${m[1]}` }));
  }
  return null;
}

/**
 * A number option given something that is not a number (`--seed abc`, `--seed ""`): yargs
 * would pass NaN, or 0 for an empty value, and the command would report NaN or run on 0.
 * Returns the message naming what was typed, or null.
 */
export function notANumber(argv: string[], parser: ParserState): Problem | null {
  const numbers = new Set(safe(() => parser.getOptions().number) ?? []);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--?([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(argv[i]);
    if (m === null || !numbers.has(m[1])) continue;
    const value = m[2] ?? argv[i + 1];
    if (value !== undefined && !/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(value)) {
      return at('', msg('u.notNumber', { option: `--${m[1]}`, got: JSON.stringify(value) }));
    }
  }
  return null;
}

/**
 * A single-valued option given more than once (`--out a --out b`): yargs hands the command
 * an array. The options meant to repeat (--slo, --strategy) are array options. Returns the
 * message for the first such option, or null.
 */
export function repeatedOption(a: Record<string, unknown>, parser: ParserState): Problem | null {
  const arrays = new Set(safe(() => parser.getOptions().array) ?? []);
  for (const [key, value] of Object.entries(a)) {
    if (key === '_' || key === '$0' || arrays.has(key) || !Array.isArray(value)) continue;
    return at('', msg('u.givenTwice', { option: `--${key}`, values: value.map(String) }));
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
