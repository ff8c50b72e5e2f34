import { Rng, exponential } from '../engine/random';
import { US_PER_S } from '../engine/time';
import { ASSERTS as ASSERTS_FLAG, violated } from '../engine/assert';

/** The invariant checks' flag held in this module: an imported binding is a property load at each check. */
const ASSERTS = ASSERTS_FLAG;

/**
 * Service-time distribution of a node with a capacity: `exponential` (mean 1/μ; with
 * Poisson arrivals the node is an M/M/1 queue) or `constant` (exactly 1/μ; M/D/1).
 */
export type ServiceTime = 'exponential' | 'constant';

/**
 * Nodes with a finite capacity, each a FIFO single server: an operation arriving at x
 * starts at max(x, when the server frees up) and holds it for its service time S.
 * Capacity μ operations/s gives a mean S of 1/μ. Service times are whole µs, like
 * every simulated time, and come from each node's own random stream, so the load a
 * strategy sends to one node never shifts the workload or another node's draws.
 *
 * Arrivals must be offered in time order (the simulation does so: it calls serve() at
 * the event time of the arrival), which is what makes the lazy FIFO exact.
 */
export class NodeQueues {
  /** When each node's server is next free (−∞: idle since the start). */
  private readonly freeUs: Float64Array;
  private readonly meanServiceUs: Float64Array;
  /** Filled by serve(): when the operation starts service. */
  startUs = 0;
  /** The latest arrival offered; kept only when invariant checks are on. */
  private lastArriveUs = -Infinity;

  /**
   * `capacities[n]` in operations/s, null for an unlimited node (served on arrival, in
   * no time); `rngs[n]` the node's stream (unused for unlimited nodes).
   */
  constructor(capacities: Array<number | null>, private readonly service: ServiceTime, private readonly rngs: Rng[]) {
    this.freeUs = new Float64Array(capacities.length).fill(-Infinity);
    this.meanServiceUs = Float64Array.from(capacities, (c) => (c === null ? 0 : US_PER_S / c));
  }

  /** True when node `n` has a capacity (operations there queue). */
  limited(n: number): boolean {
    return this.meanServiceUs[n] > 0;
  }

  /** An operation arrives at node `n` at `arriveUs`: sets startUs, returns its completion time. */
  serve(n: number, arriveUs: number): number {
    if (ASSERTS && arriveUs < this.lastArriveUs) violated(`an arrival at ${arriveUs} µs offered after one at ${this.lastArriveUs} µs`);
    if (ASSERTS) this.lastArriveUs = arriveUs;
    const mean = this.meanServiceUs[n];
    if (mean === 0) {
      this.startUs = arriveUs;
      return arriveUs;
    }
    const start = Math.max(arriveUs, this.freeUs[n]);
    const s = this.service === 'constant' ? Math.round(mean) : Math.round(exponential(this.rngs[n], mean));
    this.startUs = start;
    this.freeUs[n] = start + s;
    return start + s;
  }
}
