import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import { usToMs } from '../engine/time';
import { printable } from './printable';

/** Bytes handed to the sink at a time: large writes, few system calls. */
const CHUNK = 1 << 20;
/** Most bytes a line takes besides its names and row: keys and punctuation, eight numbers of at most 24 characters. */
const LINE_MOST = 400;

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

const T = ascii('{"t":');
const OP_READ = ',"op":"read","key":';
const OP_WRITE = ',"op":"write","key":';
/** After the version: `,"stale":…` and for reads `,"critical":…,"masterVersion":`, by stale + 2 × critical (reads) or stale (writes). */
const READ_FLAGS = [
  ascii(',"stale":false,"critical":false,"masterVersion":'), ascii(',"stale":true,"critical":false,"masterVersion":'),
  ascii(',"stale":false,"critical":true,"masterVersion":'), ascii(',"stale":true,"critical":true,"masterVersion":'),
];
const WRITE_FLAGS = [ascii(',"stale":false,"binlogPos":'), ascii(',"stale":true,"binlogPos":')];
const VERSION = ascii(',"version":');
const STALENESS = ascii(',"stalenessMs":');
const LATENCY = ascii(',"latencyMs":');
const GTID = ascii(',"gtid":"0-1-');
const QUOTE_END = ascii('"}\n');
const END = ascii('}\n');
const BINLOG = ascii(',"binlogPos":');
const COMMITTED = ascii(',"committed":');
const LAG = ascii(',"lagMs":');
const NULL = ascii('null');
/** `.5`, `.05`, `.123`: a fraction of a millisecond in µs, 1 to 999, its trailing zeros dropped. */
const FRACTIONS = Array.from({ length: 1000 }, (_, f) => ascii(`.${String(f).padStart(3, '0').replace(/0+$/, '')}`));

/** `text` as a JSON string, safe for a terminal (printable applied once, here, not per line). */
function jsonText(text: string): string {
  return printable(JSON.stringify(text));
}

/**
 * JSON Lines, one object per operation and (with applies) one per binlog event a follower
 * applies, fields as docs/design.md lists them, exactly as JSON.stringify would write
 * them. Each line is encoded straight into one reused buffer — names and rows from bytes
 * encoded once, numbers digit by digit — and the buffer goes to `sink` a megabyte at a
 * time: a trace of millions of lines builds no string per line. Every byte is already
 * printable (no control character reaches a terminal). The sink is done with the bytes
 * when it returns (the buffer is reused); `end` hands over the last ones.
 */
export function jsonLines(sc: Scenario, sink: (bytes: Buffer) => void, withApplies = true): SimObserver & { end(): void } {
  const enc = new LineEncoder(sc, sink);
  const observer: SimObserver & { end(): void } = { op: (r) => enc.op(r), end: () => enc.flush() };
  if (withApplies) observer.apply = (a) => enc.apply(a);
  return observer;
}

class LineEncoder {
  private buf = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  /** `,"actor":name,"session":name,"op":"read","key":` per session; the same with "write". */
  private readonly whoReads: Buffer[];
  private readonly whoWrites: Buffer[];
  /** `"key-1","node":"follower-1","value":` per key and node (master first), made when first needed. */
  private readonly keyNodes: Array<Buffer | undefined>;
  private readonly nodeNames: string[];
  private readonly keyNames: string[];
  /** `,"op":"apply","follower":name,"key":` per follower. */
  private readonly applyHeads: Buffer[];
  private readonly keys: Buffer[];
  private readonly rows = new Map<Row, Buffer>();

  constructor(sc: Scenario, private readonly sink: (bytes: Buffer) => void) {
    const who = sc.sessionNames.map((n) => {
      const name = jsonText(n);
      return `,"actor":${name},"session":${name}`;
    });
    this.whoReads = who.map((w) => Buffer.from(w + OP_READ, 'utf8'));
    this.whoWrites = who.map((w) => Buffer.from(w + OP_WRITE, 'utf8'));
    this.keyNames = sc.keyNames.map(jsonText);
    this.nodeNames = [jsonText('master'), ...sc.followers.map((f) => jsonText(f.name))];
    this.keyNodes = new Array<Buffer | undefined>(this.keyNames.length * this.nodeNames.length);
    this.applyHeads = this.nodeNames.slice(1).map((f) => Buffer.from(`,"op":"apply","follower":${f},"key":`, 'utf8'));
    this.keys = this.keyNames.map((k) => Buffer.from(k, 'utf8'));
  }

  op(r: OpRecord): void {
    const read = r.op === 'read';
    const who = read ? this.whoReads[r.session] : this.whoWrites[r.session];
    const keyNode = this.keyNode(r.key, r.node);
    const value = this.row(r.value);
    this.room(LINE_MOST + who.length + keyNode.length + value.length);
    const stale = r.version < r.masterVersion ? 1 : 0;
    this.put(T);
    this.ms(r.tUs);
    this.put(who);
    this.put(keyNode);
    this.put(value);
    this.put(VERSION);
    this.int(r.version);
    if (read) {
      this.put(READ_FLAGS[stale + (r.critical ? 2 : 0)]);
      this.int(r.masterVersion);
      if (stale === 1) {
        this.put(STALENESS);
        this.ms(r.tUs - r.staleSinceUs);
      }
      this.put(LATENCY);
      this.ms(r.latencyUs);
      this.put(END);
    } else {
      this.put(WRITE_FLAGS[stale]);
      this.int(r.pos);
      this.put(GTID);
      this.int(r.pos);
      this.put(QUOTE_END);
    }
  }

  /** `{"t":…,"op":"apply","follower":…,"key":…,"version":…,"binlogPos":…,"committed":…,"lagMs":…}`. */
  apply(a: ApplyRecord): void {
    const head = this.applyHeads[a.follower], key = this.keys[a.key];
    this.room(LINE_MOST + head.length + key.length);
    this.put(T);
    this.ms(a.tUs);
    this.put(head);
    this.put(key);
    this.put(VERSION);
    this.int(a.version);
    this.put(BINLOG);
    this.int(a.pos);
    this.put(COMMITTED);
    this.ms(a.commitUs);
    this.put(LAG);
    this.ms(a.tUs - a.commitUs);
    this.put(END);
  }

  flush(): void {
    if (this.at === 0) return;
    const full = this.buf.subarray(0, this.at);
    this.at = 0;
    this.sink(full);
  }

  private keyNode(key: number, node: number): Buffer {
    const i = key * this.nodeNames.length + node + 1;
    let bytes = this.keyNodes[i];
    if (bytes === undefined) this.keyNodes[i] = bytes = Buffer.from(`${this.keyNames[key]},"node":${this.nodeNames[node + 1]},"value":`, 'utf8');
    return bytes;
  }

  /** A row's JSON, encoded once per row (rows are shared by every operation that shows them). */
  private row(row: Row | null): Buffer {
    if (row === null) return NULL;
    let bytes = this.rows.get(row);
    if (bytes === undefined) this.rows.set(row, (bytes = Buffer.from(printable(JSON.stringify(row)), 'utf8')));
    return bytes;
  }

  /** Makes room for `n` bytes: hands over what the buffer holds when they would not fit. */
  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  private put(bytes: Buffer): void {
    const n = bytes.length, buf = this.buf;
    let at = this.at;
    // Short parts (most of them) are copied faster byte by byte than by a native call.
    if (n > 16) {
      buf.set(bytes, at);
      at += n;
    } else for (let i = 0; i < n; i++) buf[at++] = bytes[i];
    this.at = at;
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
    if (f !== 0) this.put(FRACTIONS[f]);
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
      buf[--i] = 0x30 + n - q * 10;
      n = q;
    }
    while (i > start) {
      const q = (n / 10) | 0;
      buf[--i] = 0x30 + n - q * 10;
      n = q;
    }
  }

  /** Text of ASCII characters only (a number's String form). */
  private text(s: string): void {
    for (let i = 0; i < s.length; i++) this.buf[this.at++] = s.charCodeAt(i);
  }
}
