import { ALEA_2_32, ALEA_A, AleaRng } from '../engine/random';
import { US_PER_S } from '../engine/time';
import { AliasTable, zipfWeight, zipfWeights } from './alias';
import { RateSchedule, Stage } from './stages';

export interface GeneratedWorkloadConfig {
  /** Number of generated keys (key-0 … key-{n−1}). */
  keys: number;
  popularity: { kind: 'uniform' } | { kind: 'zipf'; s: number };
  sessions: number;
  writeRatePerSec: number;
  readRatePerSec: number;
  criticalFraction: number;
  /**
   * Generated keys (names key-i, i < keys) that generated traffic reads but never writes:
   * an arrival drawn as a write to one of them is skipped, so only scripted events write
   * them and every other key keeps exactly the draws it would have had.
   */
  readOnlyKeys?: string[];
  /** Rates that change over the run (stages.ts); absent: constant rates. */
  stages?: Stage[];
}

/**
 * How many distinct (session, key) pairs the workload is expected to touch in `horizonUs`:
 * key k gets a Poisson number of arrivals of mean n·p_k, each from a session drawn
 * uniformly, so it meets S·(1 − e^(−n·p_k/S)) distinct sessions on average.
 */
export function expectedPairs(cfg: GeneratedWorkloadConfig, horizonUs: number): number {
  const constantUs = cfg.stages === undefined ? horizonUs : new RateSchedule(cfg.stages).massAt(horizonUs);
  const arrivals = ((cfg.readRatePerSec + cfg.writeRatePerSec) * constantUs) / US_PER_S;
  const S = cfg.sessions;
  if (cfg.popularity.kind === 'uniform') return cfg.keys * S * -Math.expm1(-arrivals / cfg.keys / S);
  // The weights one at a time: no second array as large as the alias table's.
  const s = cfg.popularity.s;
  let total = 0;
  for (let k = 1; k <= cfg.keys; k++) total += zipfWeight(k, s);
  let pairs = 0;
  for (let k = 1; k <= cfg.keys; k++) pairs += S * -Math.expm1((-arrivals * zipfWeight(k, s)) / total / S);
  return pairs;
}

/** Arrivals drawn per batch: large enough to amortise the call, small enough to stay in L1. */
const BATCH = 512;

/**
 * Poisson traffic: one merged arrival process of rate readRate + writeRate, each
 * arrival a write with probability writeRate / total (superposition of two independent
 * Poisson processes). Every arrival draws the same five numbers whatever it turns out
 * to be, so the stream is a fixed function of the seed.
 *
 * The next operation sits in public fields (no object per operation); next() moves to
 * it. Arrivals are drawn BATCH at a time into flat columns by one loop that keeps the
 * generator's state in locals: this is the costliest part of a run (five sequential
 * Alea steps and a logarithm per operation), and the loop runs it at the hardware's
 * pace. The stream is the workload's alone, so drawing ahead changes nothing.
 */
export class GeneratedWorkload {
  timeUs = 0;
  isWrite = false;
  /** Index into the generated key range (0 … keys−1); the simulator maps it to a key id. */
  key = 0;
  /** Index into the generated sessions (0 … sessions−1). */
  session = 0;
  critical = false;
  private readonly meanGapUs: number;
  private readonly writeShare: number;
  private readonly table: AliasTable | null;
  /** Alea state [c, s0, s1, s2] (see engine/random), then the unrounded arrival time. */
  private readonly state: Float64Array;
  private readonly times = new Float64Array(BATCH);
  /** Bit 0: write; bit 1: critical. */
  private readonly flags = new Uint8Array(BATCH);
  /** The generated key of each arrival of the batch (see startsBatch). */
  readonly keys = new Int32Array(BATCH);
  /** The generated session of each arrival of the batch (see startsBatch). */
  readonly sessions = new Int32Array(BATCH);
  private cursor = BATCH;
  /** readOnly[i] = 1 when key-i is one of `readOnlyKeys`; null when there are none. */
  private readonly readOnly: Uint8Array | null;
  /** Moves the constant-rate arrivals in time when the workload has stages. */
  private readonly schedule: RateSchedule | null;

  /** Takes over `rng` (the workload's own stream): it starts from its state, and nothing else may draw from it. */
  constructor(private readonly cfg: GeneratedWorkloadConfig, rng: AleaRng) {
    const alea = rng.state;
    const total = cfg.readRatePerSec + cfg.writeRatePerSec;
    this.meanGapUs = total > 0 ? US_PER_S / total : Infinity;
    this.writeShare = total > 0 ? cfg.writeRatePerSec / total : 0;
    this.table = cfg.popularity.kind === 'zipf' ? new AliasTable(zipfWeights(cfg.keys, cfg.popularity.s)) : null;
    this.state = Float64Array.of(alea[0], alea[1], alea[2], alea[3], 0);
    const readOnly = cfg.readOnlyKeys ?? [];
    this.readOnly = readOnly.length === 0 ? null : new Uint8Array(cfg.keys);
    for (const name of readOnly) this.readOnly![Number(name.slice('key-'.length))] = 1;
    this.schedule = cfg.stages === undefined ? null : new RateSchedule(cfg.stages);
  }

  /**
   * Moves to the next arrival, passing over writes to read-only keys (validation keeps at
   * least one key writable). Times accumulate unrounded and are rounded to the µs, so no drift.
   */
  next(): void {
    do this.take(); while (this.readOnly !== null && this.isWrite && this.readOnly[this.key] === 1);
  }

  /**
   * True when the current arrival is the first of a batch just drawn: `keys` and
   * `sessions` then hold the next BATCH arrivals', for a caller that loads their state ahead.
   */
  startsBatch(): boolean {
    return this.cursor === 1;
  }

  private take(): void {
    if (this.cursor === BATCH) this.draw();
    const i = this.cursor++;
    const f = this.flags[i];
    this.timeUs = this.times[i];
    this.isWrite = (f & 1) !== 0;
    this.critical = (f & 2) !== 0;
    this.key = this.keys[i];
    this.session = this.sessions[i];
  }

  /**
   * Draws the next BATCH arrivals: gap, write?, key, session, critical? — in that order,
   * one uniform each, exactly as `rng()` calls would (Alea step inlined, see makeStream).
   */
  private draw(): void {
    const st = this.state;
    let c = st[0], s0 = st[1], s1 = st[2], s2 = st[3], exactUs = st[4];
    const { meanGapUs, writeShare } = this;
    const keyCount = this.cfg.keys, sessionCount = this.cfg.sessions, criticalFraction = this.cfg.criticalFraction;
    const table = this.table, schedule = this.schedule;
    const times = this.times, flags = this.flags, keys = this.keys, sessions = this.sessions;
    for (let i = 0; i < BATCH; i++) {
      let t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
      exactUs += -meanGapUs * Math.log(1 - s2);
      times[i] = Math.round(schedule === null ? exactUs : schedule.timeAt(exactUs));
      t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
      const isWrite = s2 < writeShare;
      t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
      keys[i] = table !== null ? table.pick(s2) : Math.floor(s2 * keyCount);
      t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
      sessions[i] = Math.floor(s2 * sessionCount);
      t = ALEA_A * s0 + c * ALEA_2_32; s0 = s1; s1 = s2; c = Math.floor(t); s2 = t - c;
      flags[i] = (isWrite ? 1 : 0) | (s2 < criticalFraction && !isWrite ? 2 : 0);
    }
    st[0] = c; st[1] = s0; st[2] = s1; st[3] = s2; st[4] = exactUs;
    this.cursor = 0;
  }
}
