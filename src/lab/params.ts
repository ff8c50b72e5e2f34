import { parseDuration, parseRate } from '../scenario/units';
import { DISTS, DIST_NAMES, DelayDist, DistName, meanUs } from '../model/distributions';
import { DEFAULT_STRATEGIES, LabValues, STRATEGIES } from '../strategies';
import { scenarioFromDoc } from './scenario';

/**
 * What the lab's controls set, and how they turn a scenario document into another one.
 * The lab never builds a Scenario itself: it edits the document (the same YAML/JSON shape
 * a file has) and hands it to the same validation and compilation the CLI uses, so
 * "lagsim run" on the document the lab shows gives the lab's numbers exactly.
 */

/** A distribution the lab's lag slider offers: one of LAG_FAMILIES. */
export type LagFamily = DistName;
/** The distributions with a one-parameter form (DistDef.labDoc), in the registry's order. */
export const LAG_FAMILIES: readonly LagFamily[] = DIST_NAMES.filter((name) => DISTS[name].labDoc !== undefined);

export function isLagFamily(name: DistName): boolean {
  return LAG_FAMILIES.includes(name);
}
/**
 * One strategy the lab runs: its name, the values of its lab form's controls (durations
 * in µs), and the file entry's other fields, kept as written.
 */
export interface LabStrategy {
  name: string;
  values: LabValues;
  rest: Record<string, unknown>;
}

/** At most this many strategies side by side (a scenario may list up to 64; the lab keeps its first ones). */
export const MAX_LAB_STRATEGIES = 8;

export interface LabParams {
  seed: number;
  durationMs: number;
  /** null: every follower keeps the scenario's own lag. */
  lag: { dist: LagFamily; meanMs: number } | null;
  /** Run side by side on the same workload, as `lagsim run` runs a file's list. */
  strategies: LabStrategy[];
  /** The strategy whose cards, timeline and story the page shows. */
  focus: number;
  /** Generated Poisson traffic on top of the scripted events. */
  traffic: boolean;
  readRatePerSec: number;
  writeRatePerSec: number;
  criticalFraction: number;
}

/** A scenario document as parsed from YAML or JSON (unvalidated). */
export type Doc = Record<string, unknown>;

/** Traffic the lab adds to a purely scripted scenario, so rates have something to measure. */
export const ADDED_WORKLOAD = { keys: 100, sessions: 100, writeRate: '10/s', readRate: '200/s', criticalFraction: 0.05 };
/** Horizon the lab gives a scripted scenario when it adds traffic. */
export const ADDED_DURATION_MS = 10_000;

const asObject = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The lab's starting point for a valid scenario document: the file's own seed, lag,
 * traffic and strategies (the default list when it names none), so that before any
 * control moves the lab shows what `lagsim run` prints for the file. A purely scripted
 * scenario gets ADDED_WORKLOAD over at least ADDED_DURATION_MS.
 */
export function initialParams(doc: Doc): LabParams {
  const sc = scenarioFromDoc(doc, 'lab');
  const w = sc.workload;
  const fileDuration = doc.duration !== undefined ? parseDuration(doc.duration) : 0;
  const fileMs = typeof fileDuration === 'number' ? fileDuration / 1000 : 0;
  const listed = Array.isArray(doc.strategies) ? doc.strategies : DEFAULT_STRATEGIES;
  const added = { readRatePerSec: parseRate(ADDED_WORKLOAD.readRate) as number, writeRatePerSec: parseRate(ADDED_WORKLOAD.writeRate) as number };
  return {
    seed: typeof doc.seed === 'number' ? doc.seed : 1,
    // At least the horizon: a replay without `duration` lasts until its last operation.
    durationMs: w !== null ? fileMs : Math.max(ADDED_DURATION_MS, fileMs, sc.horizonUs / 1000),
    lag: null,
    strategies: listed.map(labStrategy).filter((s): s is LabStrategy => s !== null).slice(0, MAX_LAB_STRATEGIES),
    focus: 0,
    // A replay is the file's traffic: the lab starts with it alone, as lagsim run plays it.
    traffic: w !== null || sc.replay === null,
    readRatePerSec: w?.readRatePerSec ?? added.readRatePerSec,
    writeRatePerSec: w?.writeRatePerSec ?? added.writeRatePerSec,
    criticalFraction: w?.criticalFraction ?? ADDED_WORKLOAD.criticalFraction,
  };
}

/**
 * A scenario file's strategy entry ("name" or { name, …params }) as the lab holds it:
 * its lab form's values from the validated parameters (the defaults for fields the
 * entry leaves out), its other fields as written. null for a name lagsim does not know.
 */
export function labStrategy(entry: unknown): LabStrategy | null {
  const { name, ...rest } = typeof entry === 'string' ? { name: entry } : asObject(entry);
  const def = typeof name === 'string' ? STRATEGIES[name] : undefined;
  if (def === undefined) return null;
  const parsed = def.params.safeParse(rest);
  const form = def.lab;
  for (const c of form?.controls ?? []) delete rest[c.field];
  return { name: def.name, values: form !== undefined && parsed.success ? form.values(parsed.data) : {}, rest };
}

/** The entry a scenario file would write for it; a bare name when it has no fields. */
export function strategyDoc(s: LabStrategy): unknown {
  const form = STRATEGIES[s.name]?.lab;
  const fields: Record<string, unknown> = { ...s.rest };
  for (const c of form?.controls ?? []) {
    const v = s.values[c.field];
    if (v === undefined || !(form!.applies?.(c.field, s.values) ?? true)) continue;
    fields[c.field] = c.kind === 'duration' ? `${Math.round(Number(v))}us` : v;
  }
  return Object.keys(fields).length === 0 ? s.name : { name: s.name, ...fields };
}

/** The family and mean (ms) of a lag, for the controls' starting position. */
export function lagSummary(d: DelayDist): { dist: LagFamily; meanMs: number } {
  // A distribution the sliders do not offer (MASTER_DELAY) starts them at a constant of the same mean.
  return { dist: isLagFamily(d.dist) ? d.dist : 'constant', meanMs: Math.round(meanUs(d)) / 1000 };
}

/**
 * A lag of the given family with the given mean. One slider sets the mean, so each
 * family's other parameter is fixed by it: uniform on [0, 2·mean]; normal with
 * sd = mean/2 (truncated at 0, which raises the mean by ~1%); lognormal with σ = 1,
 * median = mean/e^{1/2}. Values are written in µs so no rounding hides in a unit.
 */
export function lagDoc(dist: LagFamily, meanMs: number): unknown {
  const us = Math.round(meanMs * 1000);
  const labDoc = DISTS[dist].labDoc;
  if (labDoc === undefined) throw new Error(`the lab has no one-slider form of ${dist}`);
  return us <= 0 ? '0ms' : labDoc(us);
}

/** The base document with the lab's parameters applied: one strategy, every follower on the chosen lag. */
export function labDoc(base: Doc, p: LabParams): Doc {
  const doc: Doc = JSON.parse(JSON.stringify(base));
  doc.seed = p.seed;
  doc.duration = `${Math.round(p.durationMs * 1000)}us`;
  const cluster = asObject(doc.cluster);
  if (p.lag !== null && Array.isArray(cluster.followers)) {
    const lag = lagDoc(p.lag.dist, p.lag.meanMs);
    cluster.followers = cluster.followers.map((f) => ({ ...asObject(f), lag }));
  }
  // A replay stays whatever the traffic controls say; generated traffic goes on top of it.
  const replay = doc.workload !== undefined ? asObject(doc.workload).replay : undefined;
  if (p.traffic) {
    const w = doc.workload !== undefined && asObject(doc.workload).keys !== undefined
      ? asObject(doc.workload)
      : { keys: ADDED_WORKLOAD.keys, sessions: ADDED_WORKLOAD.sessions, ...(replay === undefined ? {} : { replay }) };
    doc.workload = { ...w, writeRate: `${p.writeRatePerSec}/s`, readRate: `${p.readRatePerSec}/s`, criticalFraction: p.criticalFraction };
  } else if (replay !== undefined) {
    doc.workload = { replay };
  } else {
    delete doc.workload;
  }
  doc.strategies = p.strategies.map(strategyDoc);
  delete doc.lesson;
  return doc;
}
