import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { peakRun } from './helpers';

// Runs of 10 M operations, as users run them: memory set by the scenario's shape, not its
// length, and a report sized by the screen. `npm run bench` measures their speed.

const scale = suite('10 M operations');

/** A generated workload of 10 M operations: `rate` operations per simulated second, 95 % reads. */
function workloadFile(tmp: string, name: string, rate: number, workload: Record<string, unknown>, lag: unknown): string {
  const file = path.join(tmp, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({
    name, seed: 1, duration: `${10_000_000 / rate}s`,
    cluster: { followers: [{ name: 'follower-1', lag }] },
    workload: { popularity: { zipf: 1.1 }, writeRate: `${rate * 0.05}/s`, readRate: `${rate * 0.95}/s`, criticalFraction: 0.05, ...workload },
    strategies: ['all-follower'],
  }));
  return file;
}

function inTmp(fn: (tmp: string) => void): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-scale-'));
  try {
    fn(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// 10 000 × 100 000 pairs: the session × key state holds only the ~4.8 M pairs the run touches.
scale('10 000 sessions × 100 000 keys stay under 250 MB (Linux: /proc)', () => {
  if (!fs.existsSync('/proc/self/status')) return;
  inTmp((tmp) => {
    const file = workloadFile(tmp, 'pairs', 100_000, { keys: 100_000, sessions: 10_000 }, '50ms');
    const r = peakRun(tmp, ['run', file, '--no-report', '--json']);
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.peakMb < 250, `peak RSS ${r.peakMb.toFixed(0)} MB`);
  });
});

scale('the report of 10 M operations: index.html under 3 MB', () => {
  inTmp((tmp) => {
    const file = workloadFile(tmp, 'report', 10_000, { keys: 10_000, sessions: 1000 }, { dist: 'exponential', mean: '50ms' });
    const out = path.join(tmp, 'report');
    const r = peakRun(tmp, ['run', file, '--out', out]);
    assert.is(r.status, 0, r.stderr);
    const size = fs.statSync(path.join(out, 'index.html')).size;
    assert.ok(size <= 3 * 2 ** 20, `index.html is ${(size / 2 ** 20).toFixed(2)} MB`);
  });
});

scale.run();
