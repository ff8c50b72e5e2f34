// What the harness knows about replication: every write it made (numbered 1, 2, … in
// commit order — the positions strategies see — with the engine's position for it, a
// GTID or an LSN, and its acknowledgement time) and, by polling the replica's applied
// position (@@gtid_slave_pos, pg_last_wal_replay_lsn()) every couple of milliseconds,
// when each became visible there. From that: the applied position, the true lag, and one measured
// apply lag per write, which is what the simulator's lag model is fitted to.
import type { EnginePoller } from './engines/types';
import { LiveClock, sleepMs } from './clock';

/** Pause between polls; a poll itself is one loopback round trip (~0.1–0.3 ms). */
const POLL_GAP_MS = 1;

/** Sequence number of `domain` in a GTID list like `0-1-17,1-2-5`; 0 when absent. */
export function gtidSeq(list: string, domain: number): number {
  for (const part of list.split(',')) {
    const m = /^\s*(\d+)-(\d+)-(\d+)\s*$/.exec(part);
    if (m !== null && Number(m[1]) === domain) return Number(m[3]);
  }
  return 0;
}

export class ReplicaTracker {
  /** Per position (index 0 unused): the engine's position (GTID or LSN), its number, acknowledgement time, first-seen estimate. */
  readonly gtid: string[] = [''];
  readonly seq: number[] = [0];
  readonly ackUs: number[] = [0];
  /** Estimated moment the write became visible on the replica; NaN until seen. */
  readonly visibleUs: number[] = [NaN];
  /** Half-width of the interval the visibility moment is known to lie in. */
  readonly visibleErrUs: number[] = [NaN];
  /** Last position seen applied. */
  appliedPos = 0;
  /**
   * Each poll that found the replica partway through the oldest write it has not applied (its
   * position strictly between that write's predecessor's and its own; PostgreSQL LSNs only, as
   * GTIDs have nothing between): how far it was from that write's own position.
   */
  readonly partialRemainders: number[] = [];
  /** Polls that found a write of the run acknowledged and not applied. */
  pendingPolls = 0;
  polls = 0;
  private prevSendUs = 0;
  private running: Promise<void> | null = null;
  private stopping = false;
  private failure: unknown = null;

  constructor(private readonly poller: EnginePoller, private readonly seqOf: (pos: string) => number, private readonly clock: LiveClock) {}

  /** Last position registered (acknowledged by the primary). */
  get masterPos(): number {
    return this.gtid.length - 1;
  }

  /** A write the primary acknowledged at `ackUs`; positions must come in commit order. */
  register(gtid: string, ackUs: number): number {
    this.gtid.push(gtid);
    this.seq.push(this.seqOf(gtid));
    this.ackUs.push(ackUs);
    this.visibleUs.push(NaN);
    this.visibleErrUs.push(NaN);
    return this.masterPos;
  }

  /** One poll: reads the replica's applied position and stamps every newly visible write. */
  async poll(): Promise<void> {
    const sendUs = this.clock.nowUs();
    const applied = await this.poller.applied();
    const recvUs = this.clock.nowUs();
    this.polls++;
    while (this.appliedPos < this.masterPos && this.seq[this.appliedPos + 1] <= applied) {
      const pos = ++this.appliedPos;
      // It became visible after the previous poll read (and after it was acknowledged —
      // nearly always; clamped so a lag is never negative) and before this poll answered.
      const lower = Math.max(this.prevSendUs, this.ackUs[pos]);
      this.visibleUs[pos] = (lower + recvUs) / 2;
      this.visibleErrUs[pos] = (recvUs - lower) / 2;
    }
    const next = this.appliedPos + 1;
    if (this.appliedPos > 0 && next <= this.masterPos) {
      this.pendingPolls++;
      if (applied > this.seq[this.appliedPos] && applied < this.seq[next]) this.partialRemainders.push(this.seq[next] - applied);
    }
    this.prevSendUs = sendUs;
  }

  start(): void {
    this.stopping = false;
    this.running = (async () => {
      try {
        while (!this.stopping) {
          await this.poll();
          await sleepMs(POLL_GAP_MS);
        }
      } catch (err) {
        this.failure = err;
      }
    })();
  }

  /** Stops polling; rethrows a poll failure (a lost replica) so the run fails loudly. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.running = null;
    if (this.failure !== null) throw this.failure;
  }

  /** Age of the oldest acknowledged write not yet seen on the replica; 0 when caught up. */
  trueLagUs(tUs: number): number {
    return this.appliedPos < this.masterPos ? Math.max(0, tUs - this.ackUs[this.appliedPos + 1]) : 0;
  }

  /** Measured apply lag (visible − acknowledged) of a position, NaN while not seen. */
  lagUs(pos: number): number {
    return this.visibleUs[pos] - this.ackUs[pos];
  }
}
