/**
 * One yes/no per (session, key) — e.g. "this session's last read of this key was stale".
 * A flat byte array while sessions × keys is small enough (16 M cells, 16 MB); beyond
 * that a Set holding only the pairs currently set.
 */
const FLAT_LIMIT = 1 << 24;

export class SessionKeyFlags {
  private readonly flat: Uint8Array | null;
  private readonly set: Set<number> | null;

  constructor(sessions: number, private readonly keys: number) {
    const cells = sessions * keys;
    this.flat = cells <= FLAT_LIMIT ? new Uint8Array(cells) : null;
    this.set = this.flat === null ? new Set() : null;
  }

  get(session: number, key: number): boolean {
    const i = session * this.keys + key;
    return this.flat !== null ? this.flat[i] === 1 : this.set!.has(i);
  }

  put(session: number, key: number, value: boolean): void {
    const i = session * this.keys + key;
    if (this.flat !== null) this.flat[i] = value ? 1 : 0;
    else if (value) this.set!.add(i);
    else this.set!.delete(i);
  }
}
