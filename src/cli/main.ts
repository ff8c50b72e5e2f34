import yargs from 'yargs';
import { EnvironmentError, InputError } from '../scenario/errors';
import { exitOnInterrupt } from '../report/files';
import { COMMANDS, missingValue, notANumber, repeatedOption, unknownCommand, usageProblems } from './usage';
import { runCommand, traceCommand, validateCommand, listCommand } from './commands';
import { STRATEGIES } from '../strategies';
import { sweepCommand } from './sweep';
import { adviseCommand } from './adviseCommand';
import { mergeCommand } from './merge';
import { shardOption } from '../sweep/shard';
import { maxWorkers } from '../sweep/pool';
import { labCommand } from './labCommand';
import { siteCommand } from './siteCommand';
import { initCommand, schemaCommand } from './initCommand';
import { importGeneralLogCommand, importLagCommand } from './importCommand';
import { LAG_FORMATS } from '../import/lag';
import { HelpKey, helpOf, langOfArgv, yargsInLang } from './localize';
import { examplesOf } from './examples';
import { LANGS, Lang } from '../i18n';
import { at, msg } from '../i18n/problem';
import { printable, printableLines } from '../report/printable';
import { STDIN_ARG } from '../scenario/load';
import { proxyCommand } from './proxyCommand';
import { PROXY_IDS } from '../advise/proxies';

/**
 * The `lagsim` command line: parse, make one call, catch, print, set the exit code.
 * Exit codes: 0 success, 1 internal error, 2 bad input (usage or scenario file), 3 a part
 * of lagsim missing on this machine (EnvironmentError), 4 a strategy violating an SLO (run) or
 * no configuration meeting every SLO (advise), 5 a live run that did not behave as configured
 * (live: src/live/checks.ts).
 */
/** The epilog of the commands that take strategies: one line per strategy. */
function strategyHelp(lang: Lang): string {
  const lines = Object.values(STRATEGIES).map((d) => `  ${d.name.padEnd(20)} ${helpOf(lang, `help.strategy.${d.name}` as HelpKey)}`);
  return [helpOf(lang, 'help.strategies'), ...lines].join('\n');
}

/** A check's failure: an InputError, so the fail handler prints it in the reader's language. */
function bad(key: Parameters<typeof msg>[0]): never {
  throw new InputError([at('', msg(key))]);
}

/** `--workers` (run, sweep): a whole number from 1 to maxWorkers(). */
function checkWorkers(workers: number | undefined): void {
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > maxWorkers())) {
    throw new InputError([at('', msg('v.workers', { max: maxWorkers() }))]);
  }
}

/** Simulated replications per strategy that `live` compares with, unless --runs says. */
const LIVE_RUNS = 10;
/**
 * `--write-load`: more rows would make one write take seconds on the replica — on MariaDB its
 * cost grows with the square; a PostgreSQL standby replays each row in about a microsecond.
 */
const MAX_WRITE_LOAD_ROWS = { mariadb: 2000, postgres: 20000 };

/**
 * `lagsim help [command] …` is `lagsim [command] --help …`; the help command's own handler
 * sees only a name that is no command.
 */
function helpAsOption(argv: string[]): string[] {
  if (argv[0] !== 'help') return argv;
  const named = argv[1] !== undefined && !argv[1].startsWith('-') ? [argv[1]] : [];
  return named.length > 0 && !COMMANDS.includes(named[0]) ? argv : [...named, '--help', ...argv.slice(1 + named.length)];
}

/** The language of problem lines: --lang, else the locale (set by main). */
let problemLang: Lang = 'en';

/** The work of an async command (sweep, a threaded run) still under way, for main to return. */
let running: Promise<void> | undefined;

function guard(action: () => void | Promise<void>): void {
  const fail = (err: unknown): void => {
    if (err instanceof InputError) {
      for (const line of err.lines(problemLang)) process.stderr.write(`lagsim: ${printable(line)}\n`);
      process.exitCode = err instanceof EnvironmentError ? 3 : 2;
      return;
    }
    process.stderr.write(`lagsim: internal error: ${printableLines((err as Error)?.stack ?? String(err))}\n`);
    process.exitCode = 1;
  };
  try {
    const pending = action();
    if (pending instanceof Promise) running = pending.catch(fail);
  } catch (err) {
    fail(err);
  }
}

/**
 * yargs parses a lone `-` (standard input) as an option without a name and loses it, so it
 * goes through the parser as this stand-in, which no path can be, and comes back as `-`.
 */
const STDIN_STANDIN = '\u0000-';

function stdinBack(a: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(a)) {
    if (value === STDIN_STANDIN) a[key] = STDIN_ARG;
    else if (Array.isArray(value)) a[key] = value.map((v) => (v === STDIN_STANDIN ? STDIN_ARG : v));
  }
}

/** Runs one command line; the promise settles when the command has finished (at once for a synchronous one). */
export function main(argv: string[]): Promise<void> {
  running = undefined;
  argv = helpAsOption(argv);
  // Runs once the synchronous part of the command is over: a long synchronous `run` stays
  // killable by Ctrl-C at once, an async command (sweep) exits cleanly with 130 (report/files).
  setImmediate(exitOnInterrupt);
  problemLang = langOfArgv(argv);
  const h = (id: HelpKey): string => helpOf(problemLang, id);
  const epilog = strategyHelp(problemLang);
  const parser = yargsInLang(yargs(argv.map((x) => (x === STDIN_ARG ? STDIN_STANDIN : x))), problemLang);
  parser
    .scriptName('lagsim')
    .middleware(stdinBack)
    .usage(h('help.usage'))
    .command(
      'run <scenario>',
      h('help.cmd.run'),
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: h('help.pos.scenario') })
        .option('json', { type: 'boolean', describe: h('help.opt.json') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('runs', { type: 'number', describe: h('help.opt.runs') })
        .option('strategy', { type: 'string', array: true, describe: h('help.opt.strategy') })
        .option('workers', { type: 'number', describe: h('help.opt.workers.run') })
        .option('out', { type: 'string', describe: h('help.opt.out') })
        .option('report', { type: 'boolean', default: true, describe: h('help.opt.report') })
        .option('wide', { type: 'boolean', describe: h('help.opt.wide') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang') })
        .option('answers', { type: 'boolean', describe: h('help.opt.answers') })
        .option('slo', { type: 'string', array: true, describe: h('help.opt.slo') })
        .check((a) => {
          if (a.runs !== undefined && (!Number.isInteger(a.runs) || a.runs < 1 || a.runs > 1000)) bad('v.runs');
          checkWorkers(a.workers);
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) bad('v.seed');
          return true;
        })
        .example(examplesOf('run', h))
        .epilog(epilog),
      (a) => guard(() => runCommand(a as never)),
    )
    .command(
      'trace <scenario>',
      h('help.cmd.trace'),
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: h('help.pos.scenario') })
        .option('strategy', { type: 'string', describe: h('help.opt.strategy.trace') })
        .option('json', { type: 'boolean', describe: h('help.opt.json.trace') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('applies', { type: 'boolean', default: true, describe: h('help.opt.applies') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.trace') })
        .example(examplesOf('trace', h))
        .epilog(epilog),
      (a) => guard(() => traceCommand(a as never)),
    )
    .command(
      'validate <scenario..>',
      h('help.cmd.validate'),
      (y) => y
        .positional('scenario', { type: 'string', array: true, demandOption: true, describe: h('help.pos.scenario.validate') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.validate') })
        .example(examplesOf('validate', h)),
      (a) => guard(() => validateCommand(a.scenario as string[], a.lang)),
    )
    .command(
      'lab <scenario>',
      h('help.cmd.lab'),
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: h('help.pos.scenario') })
        .option('out', { type: 'string', describe: h('help.opt.out.lab') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.lab') })
        .example(examplesOf('lab', h)),
      (a) => guard(() => labCommand(a as never)),
    )
    .command(
      'site',
      h('help.cmd.site'),
      (y) => y
        .option('out', { type: 'string', describe: h('help.opt.out.site') })
        .option('pdf', { type: 'boolean', default: true, describe: h('help.opt.pdf.site') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.site') })
        .example(examplesOf('site', h)),
      (a) => guard(() => siteCommand(a as never)),
    )
    .command(
      'sweep <scenario>',
      h('help.cmd.sweep'),
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: h('help.pos.scenario') })
        .option('param', { type: 'string', demandOption: true, describe: h('help.opt.param') })
        .option('steps', { type: 'number', default: 11, describe: h('help.opt.steps') })
        .option('runs', { type: 'number', default: 1, describe: h('help.opt.runs.sweep') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('strategy', { type: 'string', array: true, describe: h('help.opt.strategy.sweep') })
        .option('workers', { type: 'number', describe: h('help.opt.workers') })
        .option('shard', { type: 'string', describe: h('help.opt.shard') })
        .option('out', { type: 'string', describe: h('help.opt.out.sweep') })
        .option('report', { type: 'boolean', default: true, describe: h('help.opt.report.sweep') })
        .option('json', { type: 'boolean', describe: h('help.opt.json.sweep') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.sweep') })
        .check((a) => {
          if (!Number.isInteger(a.runs) || (a.runs as number) < 1 || (a.runs as number) > 1000) bad('v.runs');
          if (!Number.isInteger(a.steps) || (a.steps as number) < 2 || (a.steps as number) > 1000) bad('v.steps');
          checkWorkers(a.workers);
          if (a.shard !== undefined) shardOption(String(a.shard));
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) bad('v.seed');
          return true;
        })
        .example(examplesOf('sweep', h))
        .epilog(epilog),
      (a) => guard(() => sweepCommand(a as never)),
    )
    .command(
      'advise <scenario>',
      h('help.cmd.advise'),
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: h('help.pos.scenario') })
        .option('slo', { type: 'string', array: true, describe: h('help.opt.slo.advise') })
        .option('runs', { type: 'number', describe: h('help.opt.runs.advise') })
        .option('budget', { type: 'number', describe: h('help.opt.budget') })
        .option('strategy', { type: 'string', array: true, describe: h('help.opt.strategy.advise') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('workers', { type: 'number', describe: h('help.opt.workers') })
        .option('shard', { type: 'string', describe: h('help.opt.shard.advise') })
        .option('out', { type: 'string', describe: h('help.opt.out.advise') })
        .option('report', { type: 'boolean', default: true, describe: h('help.opt.report') })
        .option('json', { type: 'boolean', describe: h('help.opt.json.advise') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang') })
        .check((a) => {
          if (a.runs !== undefined && (!Number.isInteger(a.runs) || a.runs < 1 || a.runs > 1000)) bad('v.runs');
          if (a.budget !== undefined && (!Number.isInteger(a.budget) || a.budget < 1 || a.budget > 1_000_000)) bad('v.adviseBudgetArg');
          checkWorkers(a.workers);
          if (a.shard !== undefined) shardOption(String(a.shard));
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) bad('v.seed');
          return true;
        })
        .example(examplesOf('advise', h))
        .epilog(epilog),
      (a) => guard(() => adviseCommand(a as never)),
    )
    .command(
      'merge <shards..>',
      h('help.cmd.merge'),
      (y) => y
        .positional('shards', { type: 'string', array: true, demandOption: true, describe: h('help.pos.shards') })
        .option('out', { type: 'string', describe: h('help.opt.out.merge') })
        .option('report', { type: 'boolean', default: true, describe: h('help.opt.report.sweep') })
        .option('json', { type: 'boolean', describe: h('help.opt.json.sweep') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.sweep') })
        .option('workers', { type: 'number', describe: h('help.opt.workers.merge') })
        .check((a) => {
          checkWorkers(a.workers);
          return true;
        })
        .example(examplesOf('merge', h)),
      (a) => guard(() => mergeCommand(a as never)),
    )
    .command(
      'live [scenario]',
      h('help.cmd.live'),
      (y) => y
        .positional('scenario', { type: 'string', describe: h('help.pos.scenario.live') })
        .option('engine', { type: 'string', choices: ['mariadb', 'postgres'], default: 'mariadb', describe: h('help.opt.engine') })
        .option('start-pair', { type: 'boolean', describe: h('help.opt.start-pair') })
        .option('primary', { type: 'string', describe: h('help.opt.primary') })
        .option('replica', { type: 'string', describe: h('help.opt.replica') })
        .option('master-delay', { type: 'number', describe: h('help.opt.master-delay') })
        .option('time-scale', { type: 'number', default: 1, describe: h('help.opt.time-scale') })
        .option('write-load', { type: 'number', describe: h('help.opt.write-load') })
        .option('replay-cpu', { type: 'number', describe: h('help.opt.replay-cpu') })
        .option('strategy', { type: 'string', array: true, describe: h('help.opt.strategy.sweep') })
        .option('seed', { type: 'number', describe: h('help.opt.seed') })
        .option('runs', { type: 'number', describe: h('help.opt.runs.live') })
        // The option's first name, kept working for scripts that use it.
        .option('replications', { type: 'number', hidden: true })
        .option('json', { type: 'boolean', describe: h('help.opt.json.live') })
        .option('out', { type: 'string', describe: h('help.opt.out.live') })
        .option('report', { type: 'boolean', default: true, describe: h('help.opt.report') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.live') })
        .check((a) => {
          const d = a['master-delay'] as number | undefined;
          if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 3600)) bad('v.masterDelayArg');
          const s = a['time-scale'] as number;
          if (!(s > 0 && s <= 100)) bad('v.timeScale');
          const w = a['write-load'] as number | undefined;
          const maxRows = MAX_WRITE_LOAD_ROWS[a.engine === 'postgres' ? 'postgres' : 'mariadb'];
          if (w !== undefined && (!Number.isInteger(w) || w < 0 || w > maxRows)) throw new InputError([at('', msg('v.writeLoadArg', { max: maxRows }))]);
          const c = a['replay-cpu'] as number | undefined;
          if (c !== undefined && (!Number.isInteger(c) || c < 1 || c > 100)) bad('v.replayCpuArg');
          if (a.runs !== undefined && a.replications !== undefined) bad('v.runsReplications');
          const r = (a.runs ?? a.replications ?? LIVE_RUNS) as number;
          if (!Number.isInteger(r) || r < 1 || r > 1000) bad('v.runs');
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) bad('v.seed');
          return true;
        })
        .example(examplesOf('live', h)),
      // Loaded on first use: the MySQL driver is most of a start-up, and only `live` needs it.
      (a) => guard(() => (require('../live/command') as typeof import('../live/command')).liveMain({ ...a, runs: a.runs ?? a.replications ?? LIVE_RUNS } as never, problemLang)),
    )
    .command(
      'proxy <strategy>',
      h('help.cmd.proxy'),
      (y) => y
        .positional('strategy', { type: 'string', demandOption: true, describe: h('help.pos.strategy.proxy') })
        .option('proxy', { type: 'string', choices: PROXY_IDS, describe: h('help.opt.proxy') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.proxy') })
        .example(examplesOf('proxy', h))
        .epilog(epilog),
      (a) => guard(() => proxyCommand(a as never)),
    )
    .command(
      'list',
      h('help.cmd.list'),
      (y) => y
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.list') })
        .example(examplesOf('list', h)),
      (a) => guard(() => listCommand(a.lang)),
    )
    .command(
      'init [template]',
      h('help.cmd.init'),
      (y) => y
        .positional('template', { type: 'string', describe: h('help.pos.template') })
        .option('out', { type: 'string', describe: h('help.opt.out.init') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang') })
        .example(examplesOf('init', h)),
      (a) => guard(() => initCommand(a as never)),
    )
    .command(
      'import',
      h('help.cmd.import'),
      (y) => y
        .command(
          'lag <file>',
          h('help.cmd.import.lag'),
          (z) => z
            .positional('file', { type: 'string', describe: h('help.pos.import.file') })
            .option('format', { type: 'string', choices: LAG_FORMATS, describe: h('help.opt.format.import') })
            .option('out', { type: 'string', describe: h('help.opt.out.import') })
            .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang') })
            .example(examplesOf('import lag', h)),
          (a) => guard(() => importLagCommand(a as never)),
        )
        .command(
          'general-log <file>',
          h('help.cmd.import.generalLog'),
          (z) => z
            .positional('file', { type: 'string', describe: h('help.pos.import.generalLog') })
            .option('out', { type: 'string', describe: h('help.opt.out.importGeneralLog') })
            .option('pk', { type: 'string', describe: h('help.opt.pk') })
            .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang') })
            .example(examplesOf('import general-log', h)),
          (a) => guard(() => importGeneralLogCommand(a as never)),
        )
        .demandCommand(1),
    )
    .command('schema', h('help.cmd.schema'), (y) => y, () => guard(() => schemaCommand()))
    .command(
      'help [command]',
      h('help.cmd.help'),
      (y) => y
        .positional('command', { type: 'string', describe: h('help.pos.command') })
        .option('lang', { type: 'string', choices: LANGS, describe: h('help.opt.lang.help') })
        .example(examplesOf('help', h)),
      (a) => guard(() => {
        throw new InputError([unknownCommand(String(a.command))]);
      }),
    )
    .completion('completion', h('help.cmd.completion'))
    .demandCommand(1)
    .check((a) => {
      const missing = missingValue(argv, parser as never) ?? notANumber(argv, parser as never) ?? repeatedOption(a, parser as never);
      if (missing !== null) throw new InputError([missing]);
      // path.join('', name) is name: an empty --out would write into the current folder.
      if (typeof a.out === 'string' && a.out.trim() === '') throw new InputError([at('--out', msg('v.outEmpty'))]);
      return true;
    }, true)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    // lagsim's own package.json: yargs would look beside whichever program loaded lagsim.
    .version((require('../../package.json') as { version: string }).version)
    .alias('v', 'version')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, err) => {
      for (const line of new InputError(usageProblems(message, err, argv, parser as never)).lines(problemLang)) process.stderr.write(`lagsim: ${printable(line)}\n`);
      process.exit(2);
    })
    .parse();
  return running ?? Promise.resolve();
}
