import { METRICS, METRIC_PATHS, MetricPath, metricValue } from './registry';
import type { StrategyResult } from './summary';
import { Msg, clipped, msg } from '../i18n/problem';
import { suggestion } from '../scenario/messages';

/**
 * A metric compared with a number: what a lesson's claim and an SLO both say. One
 * comparison, one way to read a metric of a result, one way to write the threshold
 * ("staleRate < 0.1%"), so a lesson's finding and an SLO on the same numbers agree.
 */

export const COMPARISONS = ['<', '<=', '==', '!=', '>=', '>'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '==': (a, b) => a === b,
  '!=': (a, b) => a !== b, '>=': (a, b) => a >= b, '>': (a, b) => a > b,
};

/** Whether `value is than` holds. */
export function holds(value: number, is: Comparison, than: number): boolean {
  return COMPARE[is](value, than);
}

export interface Threshold {
  metric: MetricPath;
  is: Comparison;
  /** In the metric's unit as the summary holds it (a rate as a fraction). */
  than: number;
}

/** A threshold as written: an SLO. `text` is "metric op number[%]" (spaces normalised). */
export interface Slo extends Threshold {
  text: string;
}

/** How a threshold fares on one strategy's result (the mean under replications). */
export interface Verdict {
  value: number;
  /** The 95 % confidence half-width of `value` (replications only). */
  ci95?: number;
  holds: boolean;
  /**
   * The 95 % confidence interval reaches the other side of the threshold: more runs
   * could change the verdict. Always false for a single run.
   */
  uncertain: boolean;
  /** How far the value lies beyond the threshold when it does not hold (0 when it holds). */
  excess: number;
}

/** Judges `t` on the result's number (with replications, on their mean). */
export function judge(r: StrategyResult, t: Threshold): Verdict {
  const value = metricValue(r, t.metric);
  const ok = holds(value, t.is, t.than);
  const half = r.ci95 === undefined ? undefined : metricValue(r.ci95, t.metric);
  const uncertain = half !== undefined && half > 0 && Math.abs(value - t.than) <= half;
  return { value, ...(half === undefined ? {} : { ci95: half }), holds: ok, uncertain, excess: ok ? 0 : Math.abs(value - t.than) };
}

/** The comparison operators, longest first so `<=` is not read as `<`. */
const OPERATOR = [...COMPARISONS].sort((a, b) => b.length - a.length).join('|');
/** A decimal number as an SLO writes it: sign, digits, point, exponent. */
const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';

/** The form of an SLO as a JSON Schema pattern, naming the registry's metrics. */
export function sloPattern(): string {
  const names = METRIC_PATHS.map((p) => p.replace('.', '\\.')).join('|');
  return `^\\s*(${names})\\s*(${OPERATOR})\\s*${NUMBER}\\s*%?\\s*$`;
}

/** "metric op number[%]", the metric any dotted name (checked against the registry after). */
const EXPRESSION = new RegExp(`^\\s*([A-Za-z][\\w.]*)\\s*(${OPERATOR})\\s*(${NUMBER})\\s*(%?)\\s*$`);

/**
 * "metric op number" with the metric's dotted path from the registry; a rate (unit
 * 'rate') may be written in % ("0.1%" is 0.001) or as a fraction from 0 to 1.
 */
export function parseThreshold(text: string): Slo | Msg {
  const m = EXPRESSION.exec(text);
  if (m === null) return msg('v.sloFormat', { got: JSON.stringify(text.slice(0, 100)) });
  const [, name, is, number, percent] = m;
  if (!Object.hasOwn(METRICS, name)) return msg('v.sloMetric', { name }, suggestion(name, METRIC_PATHS));
  const metric = name as MetricPath;
  const rate = METRICS[metric].unit === 'rate';
  if (percent !== '' && !rate) return msg('v.sloPercent', { metric });
  const than = percent !== '' ? Number(number) / 100 : Number(number);
  // A number written with hundreds of digits is shown cut, so the reason still fits the line.
  const got = `${clipped(number)}${percent}`;
  if (!representable(number, than)) return msg('v.sloRange', { got });
  if (rate && (than < 0 || than > 1)) return msg('v.sloRate', { metric, got });
  return { metric, is: is as Comparison, than, text: `${metric} ${is} ${number}${percent}` };
}

/** Whether `value`, read from `written`, is that number: neither overflowed to infinity nor a non-zero number underflowed to 0. */
function representable(written: string, value: number): boolean {
  return Number.isFinite(value) && (value !== 0 || !/[1-9]/.test(written.replace(/[eE].*$/, '')));
}
