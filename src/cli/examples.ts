import { HelpKey } from './localize';

/** One line of a command's --help examples: what follows `lagsim`, and the key of what it shows ('' for none). */
export type Example = readonly [args: string, what: HelpKey | ''];

/**
 * The examples each command's --help shows, by command (`import lag` for a subcommand).
 * They are command lines users copy, so test/help-examples.test.ts runs every one that
 * needs nothing beyond the repository: the bundled scenarios, and files earlier examples wrote.
 */
export const EXAMPLES = {
  run: [
    ['run scenarios/apple-stock.yaml', 'help.ex.run.1'],
    ['run scenarios/flash-sale.yaml --runs 10 --json', 'help.ex.run.2'],
  ],
  trace: [['trace scenarios/apple-stock.yaml --strategy all-follower', 'help.ex.trace.1']],
  validate: [['validate scenarios/*.yaml', 'help.ex.validate.1']],
  lab: [['lab scenarios/apple-stock.yaml', 'help.ex.lab.1']],
  site: [['site --out classroom', 'help.ex.site.1']],
  sweep: [
    ['sweep scenarios/flash-sale.yaml --param "strategies[3].window=0ms..2s" --steps 11', 'help.ex.sweep.1'],
    ['sweep scenarios/flash-sale.yaml --param "cluster.followers[0].lag.median=50ms..1s"', 'help.ex.sweep.2'],
    ['sweep scenarios/flash-sale.yaml --param "strategies[5].scope=key,session,global"', 'help.ex.sweep.3'],
    ['sweep scenarios/flash-sale.yaml --param "strategies[3].window=0ms..2s" --shard 2/4 --out s2.json', 'help.ex.sweep.4'],
  ],
  advise: [
    ['advise scenarios/flash-sale.yaml --slo "staleRate < 0.5%" --slo "readLatencyMs.p99 < 50"', 'help.ex.advise.1'],
    ['advise scenarios/flash-sale.yaml --slo "staleRate < 0.5%" --shard 2/4', 'help.ex.advise.2'],
  ],
  merge: [['merge reports/flash-sale/sweep-strategies-3-window/shard-*-of-4.json', 'help.ex.merge.1']],
  live: [
    ['live scenarios/apple-stock.yaml', 'help.ex.live.1'],
    ['live --start-pair', 'help.ex.live.2'],
    ['live scenarios/apple-stock.yaml --primary mysql://lagsim:lagsim@127.0.0.1:3306/lagsim --replica mysql://lagsim:lagsim@127.0.0.1:3307/lagsim', 'help.ex.live.3'],
  ],
  proxy: [['proxy "lag-threshold(threshold=1s)" --proxy maxscale --lang ko', 'help.ex.proxy.1']],
  list: [['list --lang ko', '']],
  init: [['init flash-sale --out my-sale.yaml', 'help.ex.init.1']],
  'import lag': [['import lag sbm.csv --format prometheus-csv --out lag.csv', 'help.ex.import.1']],
  'import general-log': [['import general-log mysql-general.log --out ops.csv', 'help.ex.importGeneralLog.1']],
  help: [['help run', '']],
} as const satisfies Record<string, readonly Example[]>;

export type ExampleCommand = keyof typeof EXAMPLES;

/** A command's examples as yargs' .example() takes them, the descriptions in `describe`'s language. */
export function examplesOf(command: ExampleCommand, describe: (key: HelpKey) => string): Array<[string, string]> {
  return EXAMPLES[command].map(([args, what]) => [`$0 ${args}`, what === '' ? '' : describe(what)]);
}
