import { z } from 'zod';
import { METRICS, METRIC_PATHS, Unit } from './registry';
import type { StrategyResult } from './summary';

/**
 * The schema of a strategy's result as a run writes it (summary JSON `results[]`, shard
 * files), derived from the metric registry so a new metric is checked without a new line
 * here. Every number is finite and non-negative; rates are fractions of reads (0..1).
 * Counts need not be whole: over --runs N they are means. A ci95 entry holds half-widths,
 * which are finite and non-negative but may exceed 1 for a rate.
 */

const nonNegative = z.number().min(0);
const fraction = z.number().min(0).max(1);

/** The fields of ResultNumbers, each number bounded by its unit. */
function numbersShape(bound: (unit: Unit) => z.ZodNumber): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  const groups: Record<string, Record<string, z.ZodType>> = {};
  for (const path of METRIC_PATHS) {
    const [head, leaf] = path.split('.');
    if (leaf === undefined) shape[head] = bound(METRICS[path].unit);
    else (groups[head] ??= {})[leaf] = bound(METRICS[path].unit);
  }
  for (const [head, leaves] of Object.entries(groups)) shape[head] = z.strictObject(leaves);
  return shape;
}

export const strategyResultSchema = z.strictObject({
  strategy: z.string().min(1).max(1000),
  ...numbersShape((unit) => (unit === 'rate' ? fraction : nonNegative)),
  ci95: z.strictObject(numbersShape(() => nonNegative)).optional(),
}) as unknown as z.ZodType<StrategyResult>;
