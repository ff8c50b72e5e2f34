import yargs from 'yargs';
import { InputError } from '../scenario/errors';
import { exitOnInterrupt } from '../report/files';
import { missingValue, usageProblems } from './usage';
import { runCommand, traceCommand, validateCommand, listCommand } from './commands';
import { STRATEGIES } from '../strategies';
import { sweepCommand } from './sweep';
import { mergeCommand } from './merge';
import { parseShardArg } from '../sweep/shard';
import { labCommand } from './labCommand';
import { liveMain } from '../live/command';
import { langOfArgv, localizeHelp } from './localize';
import { localizeProblem } from '../i18n/problems';
import { Lang } from '../i18n';

/**
 * The `lagsim` command line: parse, make one call, catch, print, set the exit code.
 * Exit codes: 0 success, 1 internal error, 2 bad input (usage or scenario file).
 */
const strategyHelp = Object.values(STRATEGIES).map((d) => `  ${d.name.padEnd(20)} ${d.summary}`).join('\n');

/** The language of problem lines: --lang, else the locale (set by main). */
let problemLang: Lang = 'en';

function guard(action: () => void | Promise<void>): void {
  const fail = (err: unknown): void => {
    if (err instanceof InputError) {
      for (const p of err.problems) process.stderr.write(`lagsim: ${localizeProblem(problemLang, p)}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`lagsim: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  };
  try {
    const pending = action();
    if (pending instanceof Promise) pending.catch(fail);
  } catch (err) {
    fail(err);
  }
}

export function main(argv: string[]): void {
  // Runs once the synchronous part of the command is over: a long synchronous `run` stays
  // killable by Ctrl-C at once, an async command (sweep) exits cleanly with 130 (report/files).
  setImmediate(exitOnInterrupt);
  problemLang = langOfArgv(argv);
  const parser = localizeHelp(yargs(argv), problemLang);
  parser
    .scriptName('lagsim')
    .usage('$0 <command> [options]\n\nA deterministic simulator of database replication lag and the read-routing strategies that fight it.')
    .command(
      'run <scenario>',
      'run every strategy of a scenario on the same workload, print the comparison, write the report folder',
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('json', { type: 'boolean', describe: 'print the summary JSON instead of the table' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('runs', { type: 'number', default: 1, describe: 'replications (seeds seed … seed+N−1); numbers become means with 95% CI' })
        .option('strategy', { type: 'string', array: true, describe: 'strategy to run instead of the file\'s (repeatable), e.g. "post-write-window(window=2s,scope=session)"' })
        .option('out', { type: 'string', describe: 'report folder (default reports/<scenario name>/)' })
        .option('report', { type: 'boolean', default: true, describe: 'write the report folder (--no-report to skip)' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the table and report' })
        .check((a) => {
          if (!Number.isInteger(a.runs) || (a.runs as number) < 1 || (a.runs as number) > 1000) throw new Error('--runs: expected a whole number from 1 to 1000');
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) throw new Error('--seed: expected a whole number ≥ 0');
          return true;
        })
        .example('$0 run scenarios/apple-stock.yaml', 'the apple story: four strategies side by side')
        .example('$0 run scenarios/flash-sale.yaml --runs 10 --json', 'ten replications, summary JSON with 95% CI')
        .epilog(`strategies:\n${strategyHelp}`),
      (a) => guard(() => runCommand(a as never)),
    )
    .command(
      'trace <scenario>',
      'narrate every operation of one strategy\'s run in simulated-time order',
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('strategy', { type: 'string', describe: 'strategy to trace (default: the scenario\'s first)' })
        .option('json', { type: 'boolean', describe: 'JSON Lines, one object per operation' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('applies', { type: 'boolean', default: true, describe: 'also narrate each binlog event a follower applies (--no-applies to hide)' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the narration (default: from the locale; --json is always the same)' })
        .example('$0 trace scenarios/apple-stock.yaml --strategy all-follower', 'see the user read 400 after the seller set 0')
        .epilog(`strategies:\n${strategyHelp}`),
      (a) => guard(() => traceCommand(a as never)),
    )
    .command(
      'validate <scenario..>',
      'check scenario files; print each problem with its field path',
      (y) => y
        .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario files' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the ok lines (default: from the locale)' })
        .example('$0 validate scenarios/*.yaml', 'check every bundled scenario'),
      (a) => guard(() => validateCommand(a.scenario as string[], a.lang)),
    )
    .command(
      'lab <scenario>',
      'write one HTML file with the scenario\'s sequence diagram and an interactive lab (the simulator runs in the browser)',
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('out', { type: 'string', describe: 'file to write (default reports/<scenario name>/lab.html)' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the page (it can switch in the browser)' })
        .example('$0 lab scenarios/apple-stock.yaml', 'open reports/apple-stock/lab.html in a browser'),
      (a) => guard(() => labCommand(a as never)),
    )
    .command(
      'sweep <scenario>',
      'run the scenario at a series of values of one field; write a CSV, a frontier chart and an HTML page',
      (y) => y
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
        .option('param', { type: 'string', demandOption: true, describe: 'field path and values: path=from..to (with --steps) or path=a,b,c' })
        .option('steps', { type: 'number', default: 11, describe: 'values from..to takes, ends included' })
        .option('runs', { type: 'number', default: 1, describe: 'replications per point (seeds seed … seed+N−1); numbers become means with 95% CI' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('strategy', { type: 'string', array: true, describe: 'strategy to run instead of the file\'s (repeatable)' })
        .option('workers', { type: 'number', describe: 'worker threads (default: one per core; 1 runs serially — same results)' })
        .option('shard', { type: 'string', describe: 'i/n: run only slice i of n and write a shard file (default reports/<scenario>/sweep-<param>/shard-i-of-n.json, or --out); combine with lagsim merge' })
        .option('out', { type: 'string', describe: 'folder to write (default reports/<scenario name>/sweep-<param>/)' })
        .option('report', { type: 'boolean', default: true, describe: 'write the folder (--no-report to skip)' })
        .option('json', { type: 'boolean', describe: 'print the sweep as JSON instead of the table' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the charts and page (default: from the locale)' })
        .check((a) => {
          if (!Number.isInteger(a.runs) || (a.runs as number) < 1 || (a.runs as number) > 1000) throw new Error('--runs: expected a whole number from 1 to 1000');
          if (!Number.isInteger(a.steps) || (a.steps as number) < 2 || (a.steps as number) > 1000) throw new Error('--steps: expected a whole number from 2 to 1000');
          if (a.workers !== undefined && (!Number.isInteger(a.workers) || a.workers < 1 || a.workers > 256)) throw new Error('--workers: expected a whole number from 1 to 256');
          if (a.shard !== undefined && parseShardArg(String(a.shard)) === null) throw new Error(`--shard: expected i/n with 1 ≤ i ≤ n ≤ 100000, e.g. 2/8, got "${a.shard}"`);
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) throw new Error('--seed: expected a whole number ≥ 0');
          return true;
        })
        .example('$0 sweep scenarios/flash-sale.yaml --param "strategies[3].window=0ms..2s" --steps 11', 'how the post-write window trades master load for freshness')
        .example('$0 sweep scenarios/flash-sale.yaml --param "cluster.followers[0].lag.mean=50ms..1s"', 'the same strategies as the follower lags more')
        .example('$0 sweep scenarios/flash-sale.yaml --param "strategies[5].scope=key,session,global"', 'a list of values instead of a range')
        .example('$0 sweep scenarios/flash-sale.yaml --param "strategies[3].window=0ms..2s" --shard 2/4 --out s2.json', 'slice 2 of 4, e.g. on a second machine; then lagsim merge s*.json')
        .epilog(`strategies:\n${strategyHelp}`),
      (a) => guard(() => sweepCommand(a as never)),
    )
    .command(
      'merge <shards..>',
      'combine the shard files of one `lagsim sweep … --shard i/n` into the sweep a single machine gives (table, JSON, report folder)',
      (y) => y
        .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard files, every i of n once, in any order' })
        .option('out', { type: 'string', describe: 'folder to write (default reports/<scenario name>/sweep-<param>/)' })
        .option('report', { type: 'boolean', default: true, describe: 'write the folder (--no-report to skip)' })
        .option('json', { type: 'boolean', describe: 'print the sweep as JSON instead of the table' })
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the charts and page (default: from the locale)' })
        .example('$0 merge reports/flash-sale/sweep-strategies-3-window/shard-*-of-4.json', 'the four shards, wherever they ran'),
      (a) => guard(() => mergeCommand(a as never)),
    )
    .command(
      'live [scenario]',
      'play a scenario on a real MariaDB primary and replica, through the same strategies, and compare with the simulator',
      (y) => y
        .positional('scenario', { type: 'string', describe: 'scenario file (YAML or JSON); omit with --start-pair to start a pair and keep it until Ctrl-C' })
        .option('start-pair', { type: 'boolean', describe: 'start a throwaway primary and replica on 127.0.0.1 (the default without --primary/--replica); stopped at the end' })
        .option('primary', { type: 'string', describe: 'use an existing primary: mysql://user:password@host:port/database' })
        .option('replica', { type: 'string', describe: 'and its GTID replica: mysql://user:password@host:port/database' })
        .option('master-delay', { type: 'number', describe: 'MASTER_DELAY of a started pair, whole seconds (default: the scenario\'s follower lag, rounded)' })
        .option('time-scale', { type: 'number', default: 1, describe: 'wall seconds per scenario second (0.5 plays twice as fast; the replica\'s lag is not scaled)' })
        .option('strategy', { type: 'string', array: true, describe: 'strategy to run instead of the file\'s (repeatable)' })
        .option('seed', { type: 'number', describe: 'override the scenario seed' })
        .option('replications', { type: 'number', default: 10, describe: 'simulated replications per strategy for the comparison' })
        .option('json', { type: 'boolean', describe: 'print the summary JSON (measured results, plus a "live" object) instead of the table' })
        .option('out', { type: 'string', describe: 'report folder (default reports/<scenario name>-live/)' })
        .option('report', { type: 'boolean', default: true, describe: 'write the report folder (--no-report to skip)' })
        .check((a) => {
          const d = a['master-delay'] as number | undefined;
          if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 3600)) throw new Error('--master-delay: expected whole seconds from 0 to 3600');
          const s = a['time-scale'] as number;
          if (!(s > 0 && s <= 100)) throw new Error('--time-scale: expected a number above 0 and at most 100');
          const r = a.replications as number;
          if (!Number.isInteger(r) || r < 1 || r > 1000) throw new Error('--replications: expected a whole number from 1 to 1000');
          if (a.seed !== undefined && (!Number.isSafeInteger(a.seed) || a.seed < 0)) throw new Error('--seed: expected a whole number ≥ 0');
          return true;
        })
        .example('$0 live scenarios/apple-stock.yaml', 'start a real pair, play the apple story on it for every strategy, compare with the simulator, stop the pair')
        .example('$0 live --start-pair', 'start a pair and keep it (prints its URLs) until Ctrl-C')
        .example('$0 live scenarios/apple-stock.yaml --primary mysql://lagsim:lagsim@127.0.0.1:3306/lagsim --replica mysql://lagsim:lagsim@127.0.0.1:3307/lagsim', 'use a pair you run'),
      (a) => guard(() => liveMain(a as never)),
    )
    .command(
      'list',
      'list the bundled scenarios with their titles, then the lessons in order with their questions',
      (y) => y
        .option('lang', { type: 'string', choices: ['en', 'ko'], describe: 'language of the lessons\' questions' })
        .example('$0 list --lang ko', ''),
      (a) => guard(() => listCommand(a.lang)),
    )
    .demandCommand(1, 'name a command: run, sweep, merge, trace, validate or list (see --help)')
    .check(() => {
      const missing = missingValue(argv, parser as never);
      if (missing !== null) throw new Error(missing);
      return true;
    }, true)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      for (const line of usageProblems(msg ?? err?.message ?? 'bad usage', argv, parser as never)) process.stderr.write(`lagsim: ${localizeProblem(problemLang, line)}\n`);
      process.exit(2);
    })
    .parse();
}
