import { Summary } from '../../metrics/summary';
import { Lang, t } from '../../i18n';
import { ms, pctShort as pct, trimNum } from '../format';

const BASELINE = 'all-follower';

/**
 * "What the numbers say": plain sentences written from the summary, so a class can
 * read the result without decoding the table. Each sentence states a number from the
 * table; none makes a claim the numbers do not carry.
 */
export function findings(summary: Summary, lang: Lang): string[] {
  const rs = summary.results;
  if (rs.every((r) => r.reads === 0)) return [t(lang, 'find.noReads')];
  const out = rs.map((r) => t(lang, 'find.strategy', {
    strategy: r.strategy,
    stale: pct(r.staleRate),
    staleReads: trimNum(r.staleReads),
    reads: trimNum(r.reads),
    worst: r.staleReads > 0 && r.stalenessMs.max > 0 ? t(lang, 'find.worst', { ms: ms(r.stalenessMs.max) }) : '',
    share: pct(r.masterReadShare),
    ops: trimNum(r.masterOpsPerSec.mean),
  }));

  const fresh = rs.filter((r) => r.staleRate === 0);
  if (fresh.length > 0) {
    out.push(t(lang, 'find.fresh', { list: fresh.map((r) => r.strategy).join(', ') }));
    const cheapest = minBy(fresh, (r) => r.masterReadShare);
    if (fresh.length > 1 && fresh.some((r) => r.masterReadShare !== cheapest.masterReadShare)) {
      out.push(t(lang, 'find.freshCheapest', { strategy: cheapest.strategy, share: pct(cheapest.masterReadShare) }));
    }
  } else {
    const best = minBy(rs, (r) => r.staleRate);
    out.push(t(lang, 'find.noneFresh', { strategy: best.strategy, stale: pct(best.staleRate) }));
  }

  // The teaching point of the session scope: the writer is protected, the others are not.
  for (const r of rs) {
    const wrote = r.writes > 0;
    if (wrote && r.staleRate > 0 && r.rywViolations === 0 && rs.some((o) => o.rywViolations > 0)) {
      out.push(t(lang, 'find.writerOnly', { strategy: r.strategy, stale: pct(r.staleRate) }));
    }
  }

  const baseline = rs.find((r) => r.strategy === BASELINE);
  if (baseline !== undefined && baseline.staleRate > 0) {
    for (const r of rs) {
      if (r === baseline || r.staleRate >= baseline.staleRate) continue;
      out.push(t(lang, 'find.versus', {
        baseline: baseline.strategy, strategy: r.strategy, from: pct(baseline.staleRate), to: pct(r.staleRate), share: pct(r.masterReadShare),
      }));
    }
  }
  return out;
}

function minBy<T>(xs: T[], f: (x: T) => number): T {
  return xs.reduce((best, x) => (f(x) < f(best) ? x : best));
}
