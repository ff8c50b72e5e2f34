import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AGE_SCALE, DeferredReadProbe, FineScale, ReadProbe, STALENESS_SCALE } from '../src/report/visibility';
import { niceCeil, readBins } from '../src/report/collect';
import { ReplicationProbe } from '../src/report/timeline';
import { simulate } from '../src/simulate';
import { jsonLines } from '../src/report/traceJson';
import type { OpRecord } from '../src/simulate';
import { usToMs } from '../src/engine/time';
import { scenario } from './helpers';
import { cli } from './cli';

// Reports and traces bounded by the screen and the pipe, not by the run.

// ---
const fine = suite('fine buckets: a run binned before its layout is known bins exactly');

const NICE = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

function checkScale(scale: FineScale, bins: number): void {
  for (let p = 3; p <= 12; p++) {
    for (const m of NICE) {
      const range = niceCeil(m * 10 ** p);
      for (let i = 0; i <= bins; i++) {
        // The first whole µs of bin i must open a fine bucket.
        const edge = Math.ceil((i * range) / bins);
        assert.is(scale.range(scale.bucket(edge))[0], edge, `range ${range} µs, ${bins} bins, edge ${i}`);
      }
    }
  }
}

fine('every edge of every age layout (50 bins) and staleness layout (200 bins) opens a bucket', () => {
  checkScale(AGE_SCALE, 50);
  checkScale(STALENESS_SCALE, 200);
});

fine('buckets hold their values and follow each other without gaps (whole µs, up to 2^52)', () => {
  for (const scale of [AGE_SCALE, STALENESS_SCALE]) {
    let next = 0;
    for (let i = 0; next < 2 ** 52; i++) {
      const [lo, hi] = scale.range(i);
      assert.is(lo, next, `bucket ${i}`);
      assert.is(scale.bucket(lo), i);
      assert.is(scale.bucket(hi), i);
      next = hi + 1;
    }
  }
});

fine('the deferred probe gives exactly the curves a probe with the layout gives', () => {
  const sc = scenario({
    name: 'deferred', seed: 3, duration: '60s',
    cluster: { followers: [{ name: 'f1', lag: { dist: 'lognormal', median: '80ms', sigma: 1 } }] },
    workload: { keys: 50, sessions: 30, writeRate: '40/s', readRate: '400/s' },
    strategies: ['all-follower'],
  });
  const replication = new ReplicationProbe(sc, 150_000);
  const deferred = new DeferredReadProbe(sc.keyNames.length);
  simulate(sc, sc.strategies[0], sc.seed, { op: (r) => { replication.op(r); deferred.op(r); }, apply: (a) => replication.apply(a) });
  const bins = readBins(replication.finish());
  const direct = new ReadProbe(sc.keyNames.length, bins);
  simulate(sc, sc.strategies[0], sc.seed, direct);
  assert.equal(deferred.curves(bins), direct.result());
  assert.ok(direct.result().stale.some((n) => n > 0) && direct.result().ageReads.some((n) => n > 0), 'the run has stale reads and aged reads');
});

fine.run();

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
