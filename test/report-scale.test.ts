import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AGE_SCALE, ReadBins, ReadProbe, STALENESS_SCALE, stalenessEdgeUs } from '../src/report/visibility';
import { niceCeil, readBins } from '../src/report/collect';
import { ReplicationProbe } from '../src/report/timeline';
import { simulate } from '../src/simulate';
import { jsonLines } from '../src/report/traceJson';
import type { OpRecord } from '../src/simulate';
import { usToMs } from '../src/engine/time';
import { peakRun, scenario } from './helpers';
import { cli } from './cli';

// Reports and traces bounded by the screen and the pipe, not by the run.

// ---
const buckets = suite('read buckets: every layout bins whole buckets');

const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

buckets('buckets follow each other without gaps, each narrower than 1/SUB of its values (whole µs, up to 2^53)', () => {
  for (const [scale, sub] of [[AGE_SCALE, 128], [STALENESS_SCALE, 256]] as const) {
    let previous = -1;
    for (let v = 0; v < 2 ** 53; v = v < 4096 ? v + 1 : Math.floor(v * 1.0007) + 1) {
      const i = scale.bucket(v);
      assert.ok(i === previous || i === previous + 1, `${v} µs: bucket ${i} after ${previous}`);
      assert.ok(scale.lower(i) <= v && scale.lower(i + 1) > v, `${v} µs lies in bucket ${i}`);
      assert.ok(scale.lower(i + 1) - scale.lower(i) <= Math.max(1, scale.lower(i) / sub), `bucket ${i} is narrow`);
      previous = i;
    }
    for (let e = 8; e < 53; e++) for (const v of [2 ** e - 1, 2 ** e, 2 ** e + 1]) assert.ok(scale.lower(scale.bucket(v)) <= v && scale.lower(scale.bucket(v) + 1) > v, `${v} µs`);
  }
});

buckets('every bin of every age layout (50 bins) and staleness layout (200 bins) starts a bucket', () => {
  for (let p = 3; p <= 12; p++) {
    for (const m of NICE) {
      const range = niceCeil(m * 10 ** p);
      for (const [bins, binUs] of [[50, range / 50], [200, range / 200]]) {
        for (let i = 0; i < bins; i++) {
          const b: ReadBins = { ageBinUs: binUs, ageBins: bins, stalenessBinUs: binUs, stalenessBins: bins };
          const edge = stalenessEdgeUs(b, i);
          assert.ok(edge >= i * binUs && edge < (i + 1) * binUs, `range ${range} µs, bin ${i}: first bucket edge ${edge}`);
        }
      }
    }
  }
});

buckets('the curves are the reads binned by their bucket: ages by the bucket edge below them, staleness from the first edge of a bin', () => {
  const sc = scenario({
    name: 'buckets', seed: 3, duration: '60s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'lognormal', median: '80ms', sigma: 1 } }] },
    workload: { keys: 50, sessions: 30, writeRate: '40/s', readRate: '400/s' },
    strategies: ['all-follower'],
  });
  const replication = new ReplicationProbe(sc, 150_000);
  const probe = new ReadProbe(sc.keyNames.length);
  const records: OpRecord[] = [];
  simulate(sc, sc.strategies[0], sc.seed, { op: (r) => { replication.op(r); probe.op(r); records.push({ ...r }); }, apply: (a) => replication.apply(a) });
  const bins = readBins(replication.finish());
  const curves = probe.curves(bins);
  // The same reads, binned one by one.
  const ageReads = new Float64Array(bins.ageBins), ageFresh = new Float64Array(bins.ageBins), ageSumUs = new Float64Array(bins.ageBins);
  const staleAtLeast = (us: number): number => records.filter((r) => r.op === 'read' && r.version < r.masterVersion && r.tUs - r.staleSinceUs >= us).length;
  const last = new Map<number, number>();
  let reads = 0;
  for (const r of records) {
    if (r.op === 'write') {
      last.set(r.key, r.tUs);
      continue;
    }
    reads++;
    const at = last.get(r.key);
    if (at === undefined) continue;
    const age = r.tUs - at;
    const bin = Math.floor(AGE_SCALE.lower(AGE_SCALE.bucket(age)) / bins.ageBinUs);
    if (bin >= bins.ageBins) continue;
    ageReads[bin]++;
    ageSumUs[bin] += age;
    if (r.version >= r.masterVersion) ageFresh[bin]++;
  }
  assert.is(curves.reads, reads);
  assert.equal([...curves.ageReads], [...ageReads]);
  assert.equal([...curves.ageFresh], [...ageFresh]);
  assert.equal([...curves.ageSumUs], [...ageSumUs]);
  let tail = 0;
  for (let i = bins.stalenessBins - 1; i >= 0; i--) {
    tail += curves.stale[i];
    assert.is(tail, staleAtLeast(stalenessEdgeUs(bins, i)), `stale by at least bin ${i}'s edge`);
  }
  assert.ok(curves.stale.some((n) => n > 0) && curves.ageReads.some((n) => n > 0), 'the run has stale reads and aged reads');
});

buckets.run();

// ---
const trace = suite('trace --json: lines as JSON.stringify writes them');

/** The lines `jsonLines` writes while `feed` gives it records. */
function linesOf(sc: ReturnType<typeof scenario>, feed: (o: ReturnType<typeof jsonLines>) => void): string[] {
  const chunks: Buffer[] = [];
  const o = jsonLines(sc, (bytes) => chunks.push(Buffer.from(bytes)));
  feed(o);
  o.end();
  return Buffer.concat(chunks).toString('utf8').split('\n').slice(0, -1);
}

trace('times, latencies and versions print as JSON.stringify prints them', () => {
  const sc = scenario({ name: 'ms', seed: 1, duration: '1s', cluster: { followers: [{ name: 'f1', lag: '1ms' }] }, workload: { keys: 1, sessions: 1, writeRate: '1/s', readRate: '1/s' }, strategies: ['all-follower'] });
  const samples = [0, 1, 10, 999, 1000, 1001, 1010, 1100, 123_456_789, 2 ** 40 - 1, 2 ** 40, 2 ** 45 + 3, 0.4, 0.5, 2.5, 1e15];
  for (let k = 0; k < 2000; k++) samples.push(Math.floor((k * 7919.37) ** 1.7));
  const read = (us: number): OpRecord => ({
    tUs: us, op: 'read', session: 0, key: 0, node: 0, version: Math.floor(us), value: null, critical: false, masterVersion: Math.floor(us) + 1,
    masterValue: null, staleSinceUs: 0, masterSinceUs: 0, pos: 0, latencyUs: us, issuedUs: 0, waitUs: 0,
  });
  const lines = linesOf(sc, (o) => samples.forEach((us) => o.op(read(us))));
  assert.is(lines.length, samples.length);
  samples.forEach((us, i) => {
    const r = read(us);
    const expected = { t: usToMs(us), actor: sc.sessionNames[0], session: sc.sessionNames[0], op: 'read', key: sc.keyNames[0], node: 'f1', value: null, version: r.version, stale: true, critical: false, masterVersion: r.masterVersion, stalenessMs: usToMs(us), latencyMs: usToMs(us) };
    assert.is(lines[i], JSON.stringify(expected), `${us} µs`);
  });
});

trace('rows holding control characters and quotes: the same bytes as JSON.stringify and printable', () => {
  const sc = scenario({
    name: 'names', seed: 1, duration: '2s',
    cluster: { followers: [{ name: 'f1', lag: '300ms' }] },
    data: { apple: { stock: 4, note: 'x\u001by"\u202e' } },
    events: [
      { at: '0.5s', actor: 'seller', write: 'apple', set: { stock: 0, note: 'z\u2028' } },
      { at: '0.6s', actor: 'u', read: 'apple' },
    ],
    workload: { keys: 3, sessions: 2, writeRate: '5/s', readRate: '20/s' },
    strategies: ['all-follower'],
  });
  const lines = linesOf(sc, (o) => simulate(sc, sc.strategies[0], sc.seed, o));
  assert.ok(lines.length > 20);
  for (const line of lines) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    // What the line must be: the object re-encoded, every control character escaped.
    const expected = JSON.stringify(parsed).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.is(line, expected);
  }
  assert.ok(lines.some((l) => l.includes('x\\u001by\\"\\u202e')) && lines.some((l) => l.includes('z\\u2028')));
  const applies = lines.map((l) => JSON.parse(l) as Record<string, number | string>).filter((l) => l.op === 'apply');
  assert.ok(applies.length > 5, "the followers' applies are lines too");
  for (const a of applies) assert.is(Math.round(1000 * (+a.t - +a.committed)), Math.round(1000 * +a.lagMs));
});

trace.run();

// ---
const big = suite('a report does not grow with the run');

big('index.html of 1 M operations is that of 100 k (within 1 %), under 3 MB', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-scale-'));
  try {
    /** index.html's size for 10 000 ops per simulated second over `seconds`: one strategy, the cheapest. */
    const pageBytes = async (seconds: number): Promise<number> => {
      const file = path.join(tmp, `big-${seconds}.json`);
      fs.writeFileSync(file, JSON.stringify({
        name: 'big', seed: 1, duration: `${seconds}s`,
        cluster: { followers: [{ name: 'follower-1', lag: { dist: 'exponential', mean: '50ms' } }] },
        workload: { keys: 10_000, popularity: { zipf: 1.1 }, sessions: 1000, writeRate: '500/s', readRate: '9500/s' },
        strategies: ['all-follower'],
      }));
      const out = path.join(tmp, `report-${seconds}`);
      const r = await cli(['run', file, '--json', '--out', out]);
      assert.is(r.code, 0, r.stderr);
      const summary = JSON.parse(r.stdout) as { results: Array<{ reads: number; writes: number }> };
      const ops = summary.results[0].reads + summary.results[0].writes;
      assert.ok(ops > 9_900 * seconds && ops < 10_100 * seconds, `about ${10_000 * seconds} operations: ${ops}`);
      return fs.statSync(path.join(out, 'index.html')).size;
    };
    // Whatever a page kept per operation (or per write, read, session) would show tenfold here.
    const small = await pageBytes(10);
    const large = await pageBytes(100);
    assert.ok(Math.abs(large - small) <= 0.01 * small, `index.html: ${small} bytes for 100 k operations, ${large} for 1 M`);
    assert.ok(large <= 3 * 2 ** 20, `index.html is ${(large / 2 ** 20).toFixed(2)} MB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

big.run();

// ---
const flat = suite('trace --json into a file: memory flat with the run');

/**
 * Peak RSS (MB) of `lagsim trace --json` of `seconds` of the report workload, its lines
 * written to a file, and the lines; V8's old space is capped at `heapMb`, and the run must fit in it.
 */
function tracePeak(tmp: string, seconds: number, heapMb: number): { mb: number; lines: number } {
  const file = path.join(tmp, `trace-${seconds}.json`);
  fs.writeFileSync(file, JSON.stringify({
    name: 'trace', seed: 1, duration: `${seconds}s`,
    cluster: { followers: [{ name: 'follower-1', lag: { dist: 'exponential', mean: '50ms' } }] },
    workload: { keys: 10_000, popularity: { zipf: 1.1 }, sessions: 1000, writeRate: '500/s', readRate: '9500/s' },
    strategies: ['all-follower'],
  }));
  const out = path.join(tmp, `trace-${seconds}.jsonl`);
  const fd = fs.openSync(out, 'w');
  try {
    const r = peakRun(tmp, ['trace', file, '--json'], { stdout: fd, nodeArgs: [`--max-old-space-size=${heapMb}`] });
    assert.is(r.status, 0, r.stderr);
    return { mb: r.peakMb, lines: countLines(out) };
  } finally {
    fs.closeSync(fd);
    fs.rmSync(out, { force: true });
  }
}

/**
 * The lines of a file, read a megabyte at a time into one buffer: the 1 M-operation trace
 * is 200 MB, which read whole costs this process most of a CPU second in fresh pages.
 */
function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(2 ** 20);
  let lines = 0;
  try {
    for (let n = fs.readSync(fd, buf); n > 0; n = fs.readSync(fd, buf)) {
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

/**
 * The simulator's own state for this workload (1 000 sessions × 10 000 keys) is about 11 MB
 * of heap at any length: the 1 M-operation trace fails with V8's old space capped at 12 MB
 * and runs at 16. So a run of 1 M operations that fits in 24 MB keeps less than 24 bytes per
 * operation, where anything kept per line would be over a hundred. A cap, unlike a peak
 * compared with a shorter run's, does not depend on when the collector happened to run.
 */
// Without the cap the same run peaks at about 105 MB, and at 10 M operations `npm run bench`
// measures it against the same 150 MB.
flat('1 M operations fit in a 24 MB heap and stay under 150 MB of RSS (Linux: /proc)', () => {
  if (!fs.existsSync('/proc/self/status')) return;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-trace-'));
  try {
    const { lines, mb } = tracePeak(tmp, 100, 24);
    assert.ok(lines > 1_000_000, `${lines} lines`);
    assert.ok(mb < 150, `peak RSS ${mb.toFixed(0)} MB`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

flat.run();
