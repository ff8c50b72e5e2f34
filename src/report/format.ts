import { METRICS, MetricPath } from '../metrics/registry';

/**
 * Numbers as people read them. Where a number appears decides its form: a terminal
 * table keeps up to three decimals, a page rounds milliseconds to four significant
 * digits, a sentence names the unit.
 */
export type Style = 'terminal' | 'page' | 'sentence';

/** At most 3 decimals, no trailing zeros: 0.5, 12.346, 400. */
export function trimNum(x: number): string {
  return String(Number(x.toFixed(3)));
}

/** A fraction in % with at most 3 decimals: 66.667%. */
export const pct = (x: number): string => `${trimNum(x * 100)}%`;

/** A share for sentences: three significant digits (66.7%, 4.17%, 0.052%), exact 0 and 100. */
export function pctShort(x: number): string {
  const p = x * 100;
  if (p === 0 || p === 100) return `${p}%`;
  return `${Number(p.toPrecision(3))}%`;
}

/** Milliseconds for reading, not for computing: four significant digits (499.9, 12.35, 0.125). */
export function ms(x: number): string {
  return Math.abs(x) >= 1 ? String(Number(x.toPrecision(4))) : trimNum(x);
}

/** A metric's value: rates in %, milliseconds as the style wants them, the rest plain. */
export function formatMetric(path: MetricPath, value: number, style: Style): string {
  switch (METRICS[path].unit) {
    case 'rate': return pct(value);
    case 'ms': return style === 'page' ? ms(value) : style === 'sentence' ? `${trimNum(value)} ms` : trimNum(value);
    default: return trimNum(value);
  }
}

/** A 95 % confidence half-width, in the metric's unit: "±8.95%", "±3.036". */
export function formatHalf(path: MetricPath, half: number): string {
  return `±${METRICS[path].unit === 'rate' ? pct(half) : trimNum(half)}`;
}
