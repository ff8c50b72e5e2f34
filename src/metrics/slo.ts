import type { Summary } from './summary';
import { Comparison, Slo, judge } from './threshold';
import type { MetricPath } from './registry';

/**
 * Service level objectives checked on a run: every SLO on every strategy. A check is
 * judged on the strategy's number — with replications (`--runs N`), on the mean of the N
 * runs, as a lesson's claim is. It is `uncertain` when the mean's 95 % confidence interval
 * contains the threshold: the verdict stands, but more runs could reverse it.
 */

export interface SloCheck {
  strategy: string;
  /** The SLO as written, spaces normalised: "staleRate < 0.1%". */
  slo: string;
  metric: MetricPath;
  is: Comparison;
  /** The threshold in the summary's unit (a rate as a fraction). */
  than: number;
  /** The strategy's number (the mean under replications). */
  value: number;
  /** Its 95 % confidence half-width, under replications. */
  ci95?: number;
  holds: boolean;
  uncertain: boolean;
  /** How far `value` lies beyond the threshold, in the metric's unit; 0 when it holds. */
  excess: number;
}

/** The summary's `slo` section. */
export interface SloReport {
  /** Replications each value is the mean of (1: a single run, no interval). */
  runs: number;
  checks: SloCheck[];
  /** Checks that do not hold: `lagsim run` exits with code 4 when this is above 0. */
  violated: number;
  /** Checks whose confidence interval contains the threshold, held or not. */
  uncertain: number;
}

export function checkSlos(summary: Summary, slos: readonly Slo[]): SloReport {
  const checks: SloCheck[] = [];
  for (const slo of slos) {
    for (const r of summary.results) {
      const v = judge(r, slo);
      checks.push({ strategy: r.strategy, slo: slo.text, metric: slo.metric, is: slo.is, than: slo.than, ...v });
    }
  }
  return {
    runs: summary.runs,
    checks,
    violated: checks.filter((c) => !c.holds).length,
    uncertain: checks.filter((c) => c.uncertain).length,
  };
}

/**
 * The SLOs a run checks: the file's, with those given on the command line added; a
 * command-line SLO on a metric the file already constrains replaces the file's SLOs on it.
 */
export function mergeSlos(file: readonly Slo[], given: readonly Slo[]): Slo[] {
  const replaced = new Set(given.map((s) => s.metric));
  return [...file.filter((s) => !replaced.has(s.metric)), ...given];
}
