/**
 * Highest version per (session, key): what a session wrote, or what it has read.
 * A flat typed array while sessions × keys is small enough (16 M cells, 64 MB);
 * beyond that a Map holding only the pairs actually touched.
 */
const FLAT_LIMIT = 1 << 24;

export class SessionKeyTable {
  private readonly flat: Int32Array | null;
  private readonly map: Map<number, number> | null;

  constructor(sessions: number, private readonly keys: number) {
    const cells = sessions * keys;
    this.flat = cells <= FLAT_LIMIT ? new Int32Array(cells).fill(-1) : null;
    this.map = this.flat === null ? new Map() : null;
  }

  /** −1 when the session never touched the key. */
  get(session: number, key: number): number {
    const i = session * this.keys + key;
    if (this.flat !== null) return this.flat[i];
    const v = this.map!.get(i);
    return v === undefined ? -1 : v;
  }

  raise(session: number, key: number, version: number): void {
    const i = session * this.keys + key;
    if (this.flat !== null) {
      if (version > this.flat[i]) this.flat[i] = version;
    } else if (version > this.get(session, key)) {
      this.map!.set(i, version);
    }
  }
}
