import { parseDuration, parseRate } from '../scenario/units';
import { DISTS, DIST_NAMES, DelayDist, DistName, meanUs } from '../model/distributions';

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
export type Scope = 'key' | 'session' | 'global';

export interface LabParams {
  seed: number;
  durationMs: number;
  /** null: every follower keeps the scenario's own lag. */
  lag: { dist: LagFamily; meanMs: number } | null;
  strategy: string;
  /** post-write-window only. */
  windowMs: number;
  scope: Scope;
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
 * The lab's starting point for a valid scenario document: its seed, lag and traffic,
 * and post-write-window with the window and scope of the file's first one (1 s, key).
 * A purely scripted scenario gets ADDED_WORKLOAD over at least ADDED_DURATION_MS.
 */
export function initialParams(doc: Doc): LabParams {
  const w = doc.workload !== undefined ? asObject(doc.workload) : null;
  const strategies = Array.isArray(doc.strategies) ? doc.strategies : [];
  const pww = strategies.map(asObject).find((s) => s.name === 'post-write-window');
  const windowUs = pww?.window !== undefined ? parseDuration(pww.window) : 1_000_000;
  const fileDuration = doc.duration !== undefined ? parseDuration(doc.duration) : 0;
  const fileMs = typeof fileDuration === 'number' ? fileDuration / 1000 : 0;
  return {
    seed: typeof doc.seed === 'number' ? doc.seed : 1,
    durationMs: w !== null ? fileMs : Math.max(ADDED_DURATION_MS, fileMs),
    lag: null,
    strategy: 'post-write-window',
    windowMs: typeof windowUs === 'number' ? windowUs / 1000 : 1000,
    scope: pww?.scope === 'session' || pww?.scope === 'global' ? pww.scope : 'key',
    traffic: true,
    readRatePerSec: rate(w?.readRate, 200),
    writeRatePerSec: rate(w?.writeRate, 10),
    criticalFraction: typeof w?.criticalFraction === 'number' ? w.criticalFraction : ADDED_WORKLOAD.criticalFraction,
  };
}

function rate(v: unknown, fallback: number): number {
  const r = v === undefined ? fallback : parseRate(v);
  return typeof r === 'number' ? r : fallback;
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

/** The strategy entry as a scenario file writes it. */
export function strategyDoc(p: LabParams): unknown {
  if (p.strategy === 'post-write-window') return { name: p.strategy, window: `${Math.round(p.windowMs * 1000)}us`, scope: p.scope };
  return p.strategy;
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
  if (p.traffic) {
    const w = doc.workload !== undefined ? asObject(doc.workload) : { keys: ADDED_WORKLOAD.keys, sessions: ADDED_WORKLOAD.sessions };
    doc.workload = { ...w, writeRate: `${p.writeRatePerSec}/s`, readRate: `${p.readRatePerSec}/s`, criticalFraction: p.criticalFraction };
  } else {
    delete doc.workload;
  }
  doc.strategies = [strategyDoc(p)];
  delete doc.lesson;
  return doc;
}
