import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import { usToMs } from '../engine/time';
import { printable } from './printable';

/** Bytes handed to the sink at a time: large writes, few system calls. */
const CHUNK = 1 << 20;
/** Most bytes a line takes besides its names and row: keys and punctuation, eight numbers of at most 24 characters. */
const LINE_MOST = 400;

/** `text` as a JSON string, safe for a terminal (printable applied once, here, not per line). */
function jsonText(text: string): string {
  return printable(JSON.stringify(text));
}

/**
 * JSON Lines, one object per operation and (with applies) one per binlog event a follower
 * applies, fields as docs/design.md lists them, exactly as JSON.stringify would write
 * them. Each line is encoded straight into a buffer — names and rows from bytes encoded
 * once, numbers digit by digit — that goes to `sink` when its megabyte is full (a line
 * that could not fit one gets a buffer large enough, which the lines after it fill too): a
 * trace of millions of lines builds no string per line. Every byte is already
 * printable (no control character reaches a terminal). A function sink is done with the
 * bytes when it returns (the buffer is reused); a Ring's `fill` gives the buffer to encode
 * the next lines into (StdoutThread writes from it). `end` hands over the last bytes.
 */
export function jsonLines(sc: Scenario, sink: ((bytes: Buffer) => void) | Ring, withApplies = true): SimObserver & { end(): void } {
  const enc = new LineEncoder(sc, sink);
  const observer: SimObserver & { end(): void } = { op: (r) => enc.op(r), end: () => enc.flush() };
  if (withApplies) observer.apply = (a) => enc.apply(a);
  return observer;
}

/**
 * Fixed parts of lines (names, rows, keys and punctuation) as UTF-8 bytes, one after
 * another in one array; part i is bytes[off[i]] to bytes[off[i] + len[i] − 1].
 */
class Parts {
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  off = new Int32Array(256);
  len = new Int32Array(256);
  count = 0;

  /** The number of a new part holding `text`. */
  add(text: string): number {
    const encoded = Buffer.from(text, 'utf8');
    const at = this.count === 0 ? 0 : this.off[this.count - 1] + this.len[this.count - 1];
    if (at + encoded.length + 8 > this.bytes.length) {
      this.bytes = grown(this.bytes, at + encoded.length + 8);
      this.view = new DataView(this.bytes.buffer);
    }
    if (this.count === this.off.length) {
      this.off = grown(this.off, 0);
      this.len = grown(this.len, 0);
    }
    this.bytes.set(encoded, at);
    this.off[this.count] = at;
    this.len[this.count] = encoded.length;
    return this.count++;
  }
}

/** `a` copied into an array twice as long, or `least` long. */
function grown<A extends Uint8Array | Int32Array>(a: A, least: number): A {
  const out = new (a.constructor as new (n: number) => A)(Math.max(2 * a.length, least));
  out.set(a);
  return out;
}

/** A sink that hands out the memory to encode into: `fill` takes the bytes encoded and returns where the next go. */
export interface Ring {
  fill(bytes: Buffer): Buffer;
}

/** The ASCII digit 0. */
const ZERO = 0x30;

class LineEncoder {
  /** The line bytes not yet handed over: memory of its own (not Buffer's shared pool), or a Ring's slot. */
  private buf: Buffer = Buffer.allocUnsafeSlow(CHUNK);
  private view: DataView = new DataView(this.buf.buffer);
  private at = 0;
  private readonly parts = new Parts();
  /** Parts `,"actor":name,"session":name,"op":"read","key":` per session; the same with "write". */
  private readonly whoReads: Int32Array;
  private readonly whoWrites: Int32Array;
  /**
   * Parts `"key-1","node":"follower-1","value":` and `"key-1","node":"follower-1","value":null,"version":`
   * per key and node (master first), at 2 × (key × nodes + node) and the next index; −1 until first needed.
   */
  private readonly keyNodes: Int32Array;
  private readonly nodeNames: string[];
  private readonly keyNames: string[];
  /** Part `,"op":"apply","follower":name,"key":` per follower. */
  private readonly applyHeads: Int32Array;
  /** Part `"key-1","version":` per key. */
  private readonly keyVersions: Int32Array;
  /** Part of each row's JSON, made once per row (rows are shared by every operation that shows them). */
  private readonly rows = new Map<Row, number>();
  /** After the version: `,"stale":…` and for reads `,"critical":…,"masterVersion":`, by stale + 2 × critical (reads) or stale (writes). */
  private readonly readFlags: Int32Array;
  private readonly writeFlags: Int32Array;
  private readonly p: Record<'t' | 'version' | 'staleness' | 'latency' | 'gtid' | 'quoteEnd' | 'end' | 'binlog' | 'committed' | 'lag', number>;

  constructor(sc: Scenario, private readonly sink: ((bytes: Buffer) => void) | Ring) {
    const add = (text: string): number => this.parts.add(text);
    const who = sc.sessionNames.map((n) => {
      const name = jsonText(n);
      return `,"actor":${name},"session":${name}`;
    });
    this.whoReads = Int32Array.from(who, (w) => add(`${w},"op":"read","key":`));
    this.whoWrites = Int32Array.from(who, (w) => add(`${w},"op":"write","key":`));
    this.keyNames = sc.keyNames.map(jsonText);
    this.nodeNames = [jsonText('master'), ...sc.followers.map((f) => jsonText(f.name))];
    this.keyNodes = new Int32Array(2 * this.keyNames.length * this.nodeNames.length).fill(-1);
    this.applyHeads = Int32Array.from(this.nodeNames.slice(1), (f) => add(`,"op":"apply","follower":${f},"key":`));
    this.keyVersions = Int32Array.from(this.keyNames, (k) => add(`${k},"version":`));
    this.readFlags = Int32Array.from([
      ',"stale":false,"critical":false,"masterVersion":', ',"stale":true,"critical":false,"masterVersion":',
      ',"stale":false,"critical":true,"masterVersion":', ',"stale":true,"critical":true,"masterVersion":',
    ], add);
    this.writeFlags = Int32Array.from([',"stale":false,"binlogPos":', ',"stale":true,"binlogPos":'], add);
    this.p = {
      t: add('{"t":'), version: add(',"version":'), staleness: add(',"stalenessMs":'), latency: add(',"latencyMs":'),
      gtid: add(',"gtid":"0-1-'), quoteEnd: add('"}\n'), end: add('}\n'), binlog: add(',"binlogPos":'),
      committed: add(',"committed":'), lag: add(',"lagMs":'),
    };
  }

  op(r: OpRecord): void {
    const p = this.p;
    const read = r.op === 'read';
    const who = read ? this.whoReads[r.session] : this.whoWrites[r.session];
    // Generated writes carry no row: their key, node, null value and version key are one part.
    const keyNode = this.keyNode(r.key, r.node, r.value === null);
    const value = r.value === null ? -1 : this.row(r.value);
    const len = this.parts.len;
    this.room(LINE_MOST + len[who] + len[keyNode] + (value < 0 ? 0 : len[value]));
    const stale = r.version < r.masterVersion ? 1 : 0;
    this.put(p.t);
    this.ms(r.tUs);
    this.put(who);
    this.put(keyNode);
    if (value >= 0) {
      this.put(value);
      this.put(p.version);
    }
    this.int(r.version);
    if (read) {
      this.put(this.readFlags[stale + (r.critical ? 2 : 0)]);
      this.int(r.masterVersion);
      if (stale === 1) {
        this.put(p.staleness);
        this.ms(r.tUs - r.staleSinceUs);
      }
      this.put(p.latency);
      this.ms(r.latencyUs);
      this.put(p.end);
    } else {
      this.put(this.writeFlags[stale]);
      this.int(r.pos);
      this.put(p.gtid);
      this.int(r.pos);
      this.put(p.quoteEnd);
    }
  }

  /** `{"t":…,"op":"apply","follower":…,"key":…,"version":…,"binlogPos":…,"committed":…,"lagMs":…}`. */
  apply(a: ApplyRecord): void {
    const p = this.p;
    const head = this.applyHeads[a.follower], key = this.keyVersions[a.key];
    const len = this.parts.len;
    this.room(LINE_MOST + len[head] + len[key]);
    this.put(p.t);
    this.ms(a.tUs);
    this.put(head);
    this.put(key);
    this.int(a.version);
    this.put(p.binlog);
    this.int(a.pos);
    this.put(p.committed);
    this.ms(a.commitUs);
    this.put(p.lag);
    this.ms(a.tUs - a.commitUs);
    this.put(p.end);
  }

  flush(): void {
    if (this.at === 0) return;
    const full = this.buf.subarray(0, this.at);
    this.at = 0;
    if (typeof this.sink === 'function') this.sink(full);
    else this.use(this.sink.fill(full));
  }

  private keyNode(key: number, node: number, nullValue: boolean): number {
    const i = 2 * (key * this.nodeNames.length + node + 1) + (nullValue ? 1 : 0);
    let part = this.keyNodes[i];
    if (part < 0) this.keyNodes[i] = part = this.parts.add(`${this.keyNames[key]},"node":${this.nodeNames[node + 1]},"value":${nullValue ? 'null,"version":' : ''}`);
    return part;
  }

  private row(row: Row): number {
    let part = this.rows.get(row);
    if (part === undefined) this.rows.set(row, (part = this.parts.add(printable(JSON.stringify(row)))));
    return part;
  }

  /** Encodes from now on into `buf`. */
  private use(buf: Buffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  }

  /** Makes room for `n` bytes: hands over what the buffer holds when they would not fit. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.use(Buffer.allocUnsafeSlow(n));
    }
  }

  /**
   * Copies part `part` four bytes at a time (parts are short: a native copy would cost a
   * call each). The last four may run past the part's end, into bytes the next part or
   * number overwrites; the parts' array and `room` keep 8 bytes to spare for it.
   */
  private put(part: number): void {
    const parts = this.parts, from = parts.view, to = this.view;
    const off = parts.off[part], n = parts.len[part], at = this.at;
    for (let i = 0; i < n; i += 4) to.setInt32(at + i, from.getInt32(off + i, true), true);
    this.at = at + n;
  }

  /** A whole number as JSON.stringify prints it (anything else falls back to String). */
  private int(n: number): void {
    if (!(n >= 0 && n < 2 ** 53 && Math.floor(n) === n)) {
      this.text(String(n));
      return;
    }
    this.digits(n);
  }

  /**
   * `us` in milliseconds as JSON.stringify(usToMs(us)) prints it, from whole numbers:
   * below 2^40 µs the three-decimal form is the shortest that reads back as the same
   * double, which is what JavaScript prints, its trailing zeros dropped.
   */
  private ms(us: number): void {
    const r = Math.round(us);
    if (!(r >= 0 && r < 2 ** 40)) {
      this.text(String(usToMs(us)));
      return;
    }
    const whole = Math.floor(r / 1000);
    this.digits(whole);
    const f = r - whole * 1000;
    if (f === 0) return;
    const buf = this.buf;
    let at = this.at;
    const d1 = (f / 100) | 0, d2 = ((f / 10) | 0) - 10 * d1, d3 = f - 10 * ((f / 10) | 0);
    buf[at++] = 0x2e;
    buf[at++] = ZERO + d1;
    if (d2 !== 0 || d3 !== 0) buf[at++] = ZERO + d2;
    if (d3 !== 0) buf[at++] = ZERO + d3;
    this.at = at;
  }

  /** The decimal digits of whole number `n`, 0 ≤ n < 2^53. */
  private digits(n: number): void {
    let len = 1;
    for (let p = 10; p <= n; p *= 10) len++;
    const buf = this.buf, start = this.at;
    let i = start + len;
    this.at = i;
    // Small integer arithmetic while the number fits in 31 bits, doubles above.
    while (n >= 2 ** 31) {
      const q = Math.floor(n / 10);
      buf[--i] = ZERO + n - q * 10;
      n = q;
    }
    while (i > start) {
      const q = (n / 10) | 0;
      buf[--i] = ZERO + n - q * 10;
      n = q;
    }
  }

  /** Text of ASCII characters only (a number's String form). */
  private text(s: string): void {
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }
}
