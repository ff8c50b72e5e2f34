import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { runScenario } from '../src/run';
import { findingItems } from '../src/report/html/findings';
import { traitsOf } from '../src/strategies';
import { ROOT } from '../scripts/goldens';
import type { Summary } from '../src/metrics/summary';
import type { Scenario } from '../src/scenario/types';

/** A bundled scenario file, its scenario and what `lagsim run` summarises for it. */
export interface BundledRun {
  file: string;
  sc: Scenario;
  summary: Summary;
}

const rel = (f: string): string => path.relative(ROOT, f);

/**
 * The suite checking the report's "What the numbers say" on every bundled scenario's
 * summary: `files` names them, `runs` gives their summaries (called inside the tests, so
 * they can come from a pass made once for several suites).
 */
export function reasonsSuite(files: string[], runs: () => BundledRun[]): ReturnType<typeof suite> {
  const reasons = suite('"What the numbers say": a reason follows from what the strategy is');

  reasons('the summaries are runScenario\'s (a scenario of several strategies, and a lesson over several runs)', () => {
    for (const name of ['apple-stock.yaml', '05-session-scope.yaml']) {
      const { sc, summary } = runs().find((r) => path.basename(r.file) === name)!;
      assert.equal(summary, runScenario(sc, { runs: sc.input.lesson?.runs }), name);
    }
  });

  /** Which traits each reason may be written about. */
  const FITS: Record<string, (tr: ReturnType<typeof traitsOf>) => boolean> = {
    'find.writerOnly': (tr) => tr.scope === 'session',
    'find.criticalOnly': (tr) => tr.routesOn === 'critical-flag',
    'find.reportedLag': (tr) => tr.routesOn === 'reported-lag',
    'find.versusWait': (tr) => tr.waits,
    'find.versus': (tr) => !tr.waits,
    'find.versusFollowers': (tr) => !tr.waits,
  };

  const written = new Map<string, number>();

  for (const file of files) {
    reasons(`${rel(file)}: every reason fits its strategy, in both languages`, () => {
      const { sc, summary } = runs().find((r) => r.file === file)!;
      const traits = new Map(sc.strategies.map((s) => [s.label, traitsOf(s)]));
      const en = findingItems(summary, sc.strategies, 'en');
      const ko = findingItems(summary, sc.strategies, 'ko');
      assert.equal(ko.map((f) => [f.key, f.strategy]), en.map((f) => [f.key, f.strategy]));
      for (const f of en) {
        const fits = FITS[f.key];
        if (fits === undefined) continue;
        written.set(f.key, (written.get(f.key) ?? 0) + 1);
        assert.ok(fits(traits.get(f.strategy!)!), `${f.key} about ${f.strategy}: ${f.text}`);
      }
    });
  }

  reasons('the reasons are written where they apply (the checks above are not vacuous)', () => {
    for (const key of Object.keys(FITS)) assert.ok((written.get(key) ?? 0) > 0, `${key} never written`);
  });

  reasons('sbm-blind-spot and causal-reads: "protects the writer" only for session scope', () => {
    for (const name of ['sbm-blind-spot', 'causal-reads']) {
      const { sc, summary } = runs().find((r) => r.sc.name === name)!;
      const about = findingItems(summary, sc.strategies, 'en').filter((f) => f.key === 'find.writerOnly').map((f) => f.strategy!);
      for (const label of about) assert.is(traitsOf(sc.strategies.find((s) => s.label === label)!).scope, 'session', label);
      assert.not.ok(about.some((l) => l.startsWith('lag-threshold') || l.includes('scope=global')), about.join());
    }
  });

  reasons('the same numbers give a global-scoped strategy no writer-only reason', () => {
    const { sc, summary } = runs().find((r) => r.sc.name === 'causal-reads')!;
    const session = summary.results.find((r) => r.strategy.includes('scope=session'))!;
    const global = sc.strategies.find((s) => s.label.includes('scope=global'))!;
    const swapped: Summary = { ...summary, results: summary.results.map((r) => (r.strategy === global.label ? { ...session, strategy: global.label } : r)) };
    const keys = findingItems(swapped, sc.strategies, 'en').filter((f) => f.strategy === global.label).map((f) => f.key);
    assert.not.ok(keys.includes('find.writerOnly'), keys.join());
  });

  reasons('a small difference between two follower-only strategies in one run is not called a cut', () => {
    const { sc, summary } = runs().find((r) => r.sc.name === 'least-lagged')!;
    const random = findingItems(summary, sc.strategies, 'en').filter((f) => f.strategy === 'all-follower(balance=random)');
    assert.equal(random.map((f) => f.key), ['find.strategy', 'find.versusClose']);
    assert.not.match(random[1].text, 'cuts');
    const least = findingItems(summary, sc.strategies, 'en').filter((f) => f.strategy?.startsWith('all-follower(balance=least-lagged'));
    assert.ok(least.some((f) => f.key === 'find.versusFollowers'), 'a large cut on the followers is still stated');
  });

  reasons('with replications, a difference inside both 95% intervals is said to be no difference', () => {
    const { sc, summary } = runs().find((r) => r.sc.name === 'master-capacity')!;
    const base = summary.results.find((r) => r.strategy === 'all-follower')!;
    const wide = (r: typeof base): typeof base => ({ ...r, ci95: { ...structuredClone(r), staleRate: 0.01 } as unknown as typeof base.ci95 });
    const replicated: Summary = { ...summary, runs: 5, results: summary.results.map(wide) };
    const keys = new Map(findingItems(replicated, sc.strategies, 'en').filter((f) => f.key.startsWith('find.versus')).map((f) => [f.strategy!, f.key]));
    assert.is(keys.get('critical-only'), 'find.versusWithinCi', `4.62% vs ${base.staleRate}`);
    assert.is(keys.get('all-master'), 'find.versus');
  });

  reasons('latency is said when strategies differ in it: master-capacity\'s reads and writes', () => {
    const { sc, summary } = runs().find((r) => r.sc.name === 'master-capacity')!;
    const f = findingItems(summary, sc.strategies, 'en');
    const read = f.find((x) => x.key === 'find.readLatency')!;
    const slowest = summary.results.reduce((a, b) => (b.readLatencyMs.p99 > a.readLatencyMs.p99 ? b : a));
    assert.is(read.strategy, slowest.strategy);
    assert.ok(f.some((x) => x.key === 'find.writeLatency'));
    const apple = runs().find((r) => r.sc.name === 'apple-stock')!;
    assert.not.ok(findingItems(apple.summary, apple.sc.strategies, 'en').some((x) => /Latency/.test(x.key)), 'no latency sentence when all reads take the same time');
  });

  return reasons;
}
