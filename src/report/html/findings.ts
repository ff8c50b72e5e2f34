import { StrategyResult, Summary } from '../../metrics/summary';
import { Lang, MessageKey, t } from '../../i18n';
import { StrategySpec, StrategyTraits, traitsOf } from '../../strategies';
import { ms, pctShort as pct, trimNum } from '../format';

const BASELINE = 'all-follower';

/** A sentence of "What the numbers say", with the catalogue key it was written from and the strategy it is about. */
export interface Finding {
  key: MessageKey;
  strategy?: string;
  text: string;
}

/**
 * "What the numbers say": plain sentences written from the summary, so a class can
 * read the result without decoding the table. Each sentence states a number from the
 * table; none makes a claim the numbers do not carry, and a reason given for a
 * strategy's numbers is chosen by what the strategy is (its traits), not by the numbers.
 */
export function findings(summary: Summary, specs: StrategySpec[], lang: Lang): string[] {
  return findingItems(summary, specs, lang).map((f) => f.text);
}

export function findingItems(summary: Summary, specs: StrategySpec[], lang: Lang): Finding[] {
  const rs = summary.results;
  if (rs.every((r) => r.reads === 0)) return [{ key: 'find.noReads', text: t(lang, 'find.noReads') }];
  const traits = new Map(specs.map((s) => [s.label, traitsOf(s)]));
  const out: Finding[] = [];
  const say = (key: MessageKey, vars: Record<string, string | number>, strategy?: string): void => {
    out.push({ key, strategy, text: t(lang, key, vars) });
  };
  for (const r of rs) say('find.strategy', {
    strategy: r.strategy,
    stale: pct(r.staleRate),
    staleReads: trimNum(r.staleReads),
    reads: trimNum(r.reads),
    worst: r.staleReads > 0 && r.stalenessMs.max > 0 ? t(lang, 'find.worst', { ms: ms(r.stalenessMs.max) }) : '',
    share: pct(r.masterReadShare),
    ops: trimNum(r.masterOpsPerSec.mean),
  }, r.strategy);

  const fresh = rs.filter((r) => r.staleRate === 0);
  if (fresh.length > 0) {
    say('find.fresh', { list: fresh.map((r) => r.strategy).join(', ') });
    const cheapest = minBy(fresh, (r) => r.masterReadShare);
    if (fresh.length > 1 && fresh.some((r) => r.masterReadShare !== cheapest.masterReadShare)) {
      say('find.freshCheapest', { strategy: cheapest.strategy, share: pct(cheapest.masterReadShare) }, cheapest.strategy);
    }
  } else {
    const best = minBy(rs, (r) => r.staleRate);
    say('find.noneFresh', { strategy: best.strategy, stale: pct(best.staleRate) }, best.strategy);
  }

  for (const r of rs) {
    const reason = staleReason(r, traits.get(r.strategy), rs);
    if (reason !== null) say(reason, { strategy: r.strategy, stale: pct(r.staleRate) }, r.strategy);
  }

  const baseline = rs.find((r) => r.strategy === BASELINE);
  if (baseline !== undefined && baseline.staleRate > 0) {
    for (const r of rs) {
      if (r === baseline || r.staleRate >= baseline.staleRate) continue;
      say(versusKey(baseline, r, traits.get(r.strategy), summary.runs), {
        baseline: baseline.strategy, strategy: r.strategy, from: pct(baseline.staleRate), to: pct(r.staleRate), share: pct(r.masterReadShare),
        latency: ms(r.readLatencyMs.mean),
      }, r.strategy);
    }
  }
  latencyFindings(rs, say);
  return out;
}

/**
 * How a strategy with fewer stale reads than the baseline is compared with it. With
 * replications, a cut is stated only beyond both 95% confidence intervals. In a single
 * run, a strategy that sends reads to the master cuts by construction (those reads are
 * fresh, the others see the same followers); one that keeps every read on the followers
 * differs only in which follower answers, so a small difference (under a quarter of the
 * baseline's rate, or three binomial standard errors — a floor on the noise, since reads
 * of one key are correlated) is reported as one run's numbers, without a verdict.
 */
function versusKey(base: StrategyResult, r: StrategyResult, traits: StrategyTraits | undefined, runs: number): MessageKey {
  const diff = base.staleRate - r.staleRate;
  if (base.ci95 !== undefined && r.ci95 !== undefined) {
    if (diff <= base.ci95.staleRate + r.ci95.staleRate) return 'find.versusWithinCi';
  } else if (runs <= 1 && r.masterReadShare === 0) {
    const se = Math.sqrt(binomialVar(base) + binomialVar(r));
    if (diff < 0.25 * base.staleRate || diff < 3 * se) return 'find.versusClose';
  }
  if (traits?.waits === true) return 'find.versusWait';
  return r.masterReadShare > 0 ? 'find.versus' : 'find.versusFollowers';
}

function binomialVar(r: StrategyResult): number {
  return r.reads > 0 ? (r.staleRate * (1 - r.staleRate)) / r.reads : 0;
}

/**
 * Latency, when the strategies differ in it: the slowest and fastest 99th percentile of
 * reads (said when the slowest is over twice the fastest and at least 5 ms more), and the
 * longest write wait when any write waited.
 */
function latencyFindings(rs: StrategyResult[], say: (key: MessageKey, vars: Record<string, string | number>, strategy?: string) => void): void {
  const slow = maxBy(rs, (r) => r.readLatencyMs.p99), fast = minBy(rs, (r) => r.readLatencyMs.p99);
  const slowMs = slow.readLatencyMs.p99, fastMs = fast.readLatencyMs.p99;
  if (slowMs > 2 * fastMs && slowMs - fastMs >= 5) {
    say('find.readLatency', { slow: slow.strategy, slowMs: ms(slowMs), fast: fast.strategy, fastMs: ms(fastMs) }, slow.strategy);
  }
  const waited = maxBy(rs, (r) => r.writeLatencyMs.p99);
  if (waited.writeLatencyMs.p99 > 0) say('find.writeLatency', { strategy: waited.strategy, ms: ms(waited.writeLatencyMs.p99) }, waited.strategy);
}

/**
 * Why a strategy that let stale reads through did, from what it is: a session-scoped one
 * follows only the reader's own writes (said when it kept every writer's writes, while
 * some strategy did not); one that routes on the critical flag or on reported lag looks
 * at neither the read's key nor its writes. Null when its traits give no reason.
 */
function staleReason(r: StrategyResult, traits: StrategyTraits | undefined, rs: StrategyResult[]): MessageKey | null {
  if (traits === undefined || r.staleRate === 0) return null;
  if (traits.scope === 'session') {
    return r.writes > 0 && r.rywViolations === 0 && rs.some((o) => o.rywViolations > 0) ? 'find.writerOnly' : null;
  }
  if (traits.routesOn === 'critical-flag') return 'find.criticalOnly';
  if (traits.routesOn === 'reported-lag') return 'find.reportedLag';
  return null;
}

function minBy<T>(xs: T[], f: (x: T) => number): T {
  return xs.reduce((best, x) => (f(x) < f(best) ? x : best));
}

function maxBy<T>(xs: T[], f: (x: T) => number): T {
  return minBy(xs, (x) => -f(x));
}
