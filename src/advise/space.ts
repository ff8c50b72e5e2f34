import { AdviseAxis, LabValues, STRATEGIES, StrategyDefinition } from '../strategies';
import { formatDuration } from '../engine/time';

/**
 * Points of the strategies' advise spaces (src/strategies: each definition's `advise`).
 * A point holds, per axis, a lattice index for a number or duration (value = index ×
 * step), the option for a choice, or null when the field does not apply given the others
 * (causal's timeout under `fast`). Lattice indices keep bisection exact: no float drift.
 */

export type Coord = number | string | null;

export interface Candidate {
  /** The strategy's registry name. */
  name: string;
  coords: Coord[];
  /** The `--strategy` argument that runs it: `post-write-window(window=250ms,scope=key)`. */
  arg: string;
}

/** The axis value of lattice index k, as the scenario file writes it. */
export function axisText(axis: AdviseAxis, c: Coord): string {
  if (axis.kind === 'choice') return String(c);
  if (axis.kind === 'duration') return formatDuration((c as number) * axis.stepUs);
  return String(Number(((c as number) * axis.step).toFixed(10)));
}

/** The grid's coordinates of an axis. */
function gridOf(axis: AdviseAxis): Coord[] {
  if (axis.kind === 'choice') return [...axis.options];
  if (axis.kind === 'duration') return axis.gridUs.map((us) => Math.round(us / axis.stepUs));
  return axis.grid.map((v) => Math.round(v / axis.step));
}

/** The values the lab form and `applies` speak: durations in µs, numbers as numbers. */
function valuesOf(def: StrategyDefinition, coords: Coord[]): LabValues {
  const out: LabValues = {};
  def.advise.axes.forEach((axis, i) => {
    const c = coords[i];
    if (c === null) return;
    out[axis.field] = axis.kind === 'choice' ? (c as string) : axis.kind === 'duration' ? (c as number) * axis.stepUs : Number(((c as number) * axis.step).toFixed(10));
  });
  return out;
}

/** The candidate at `coords`, with fields that do not apply given the others set to null. */
export function candidate(name: string, coords: Coord[]): Candidate {
  const def = STRATEGIES[name];
  const values = valuesOf(def, coords);
  const kept = coords.map((c, i) => (def.advise.applies?.(def.advise.axes[i].field, values) === false ? null : c));
  const fields = def.advise.axes.flatMap((axis, i) => (kept[i] === null ? [] : [`${axis.field}=${axisText(axis, kept[i])}`]));
  return { name, coords: kept, arg: fields.length === 0 ? name : `${name}(${fields.join(',')})` };
}

/** Every grid point of the named strategies, in registry order, the last axis varying fastest; each once. */
export function gridCandidates(names: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const name of Object.keys(STRATEGIES).filter((n) => names.includes(n))) {
    const grids = STRATEGIES[name].advise.axes.map(gridOf);
    let points: Coord[][] = [[]];
    for (const grid of grids) points = points.flatMap((p) => grid.map((c) => [...p, c]));
    for (const coords of points) {
      const c = candidate(name, coords);
      if (!seen.has(c.arg)) out.push(c);
      seen.add(c.arg);
    }
  }
  return out;
}

/** The field values of a candidate as the file writes them: { window: "250ms", scope: "key" }. */
export function paramsOf(c: Candidate): Record<string, string> {
  const axes = STRATEGIES[c.name].advise.axes;
  const out: Record<string, string> = {};
  axes.forEach((axis, i) => {
    if (c.coords[i] !== null) out[axis.field] = axisText(axis, c.coords[i]);
  });
  return out;
}
