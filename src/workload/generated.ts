import { Rng, exponential } from '../engine/random';
import { US_PER_S } from '../engine/time';
import { AliasTable, zipfWeights } from './alias';

export interface GeneratedWorkloadConfig {
  /** Number of generated keys (key-0 … key-{n−1}). */
  keys: number;
  popularity: { kind: 'uniform' } | { kind: 'zipf'; s: number };
  sessions: number;
  writeRatePerSec: number;
  readRatePerSec: number;
  criticalFraction: number;
}

/**
 * Poisson traffic: one merged arrival process of rate readRate + writeRate, each
 * arrival a write with probability writeRate / total (superposition of two independent
 * Poisson processes). Every arrival draws the same five numbers whatever it turns out
 * to be, so the stream is a fixed function of the seed.
 *
 * The next operation sits in public fields (no object per operation); next() draws it.
 */
export class GeneratedWorkload {
  timeUs = 0;
  isWrite = false;
  /** Index into the generated key range (0 … keys−1); the simulator maps it to a key id. */
  key = 0;
  /** Index into the generated sessions (0 … sessions−1). */
  session = 0;
  critical = false;
  private exactUs = 0;
  private readonly meanGapUs: number;
  private readonly writeShare: number;
  private readonly table: AliasTable | null;

  constructor(private readonly cfg: GeneratedWorkloadConfig, private readonly rng: Rng) {
    const total = cfg.readRatePerSec + cfg.writeRatePerSec;
    this.meanGapUs = total > 0 ? US_PER_S / total : Infinity;
    this.writeShare = total > 0 ? cfg.writeRatePerSec / total : 0;
    this.table = cfg.popularity.kind === 'zipf' ? new AliasTable(zipfWeights(cfg.keys, cfg.popularity.s)) : null;
  }

  /** Draws the next arrival. Times accumulate unrounded and are rounded to the µs, so no drift. */
  next(): void {
    const rng = this.rng;
    this.exactUs += exponential(rng, this.meanGapUs);
    this.timeUs = Math.round(this.exactUs);
    this.isWrite = rng() < this.writeShare;
    this.key = this.table !== null ? this.table.sample(rng) : Math.floor(rng() * this.cfg.keys);
    this.session = Math.floor(rng() * this.cfg.sessions);
    this.critical = rng() < this.cfg.criticalFraction && !this.isWrite;
  }
}
