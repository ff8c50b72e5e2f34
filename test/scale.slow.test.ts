import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { peakRun } from './helpers';
import { WORKLOADS, reportScenarioDoc, scenarioDoc } from '../bench/workloads';

// Runs of 10 M operations, as users run them: memory set by the scenario's shape, not its
// length, and a report sized by the screen: `npm run bench`'s workloads (bench/workloads.ts),
// whose speed it measures.

const scale = suite('10 M operations');

/** `doc` as a scenario file in `tmp`. */
function scenarioIn(tmp: string, doc: Record<string, unknown>): string {
  const file = path.join(tmp, `${String(doc.name)}.json`);
  fs.writeFileSync(file, JSON.stringify(doc));
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

// Workload (e), 10 000 × 100 000 pairs: the session × key state holds only the ~4.8 M pairs the run touches.
scale('10 000 sessions × 100 000 keys stay under 250 MB (Linux: /proc)', () => {
  if (!fs.existsSync('/proc/self/status')) return;
  inTmp((tmp) => {
    const file = scenarioIn(tmp, scenarioDoc(WORKLOADS.find((w) => w.id === 'e')!, 10_000_000, ['all-follower']));
    const r = peakRun(tmp, ['run', file, '--no-report', '--json']);
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.peakMb < 250, `peak RSS ${r.peakMb.toFixed(0)} MB`);
  });
});

scale('the report of 10 M operations: index.html under 3 MB', () => {
  inTmp((tmp) => {
    const file = scenarioIn(tmp, reportScenarioDoc(10_000_000));
    const out = path.join(tmp, 'report');
    const r = peakRun(tmp, ['run', file, '--out', out]);
    assert.is(r.status, 0, r.stderr);
    const size = fs.statSync(path.join(out, 'index.html')).size;
    assert.ok(size <= 3 * 2 ** 20, `index.html is ${(size / 2 ** 20).toFixed(2)} MB`);
  });
});

scale.run();
