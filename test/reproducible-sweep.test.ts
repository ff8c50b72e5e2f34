import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ROOT } from '../scripts/goldens';

/**
 * A sweep gives the same bytes whatever the number of worker threads, and split into shards
 * and merged (test/reproducible.test.ts does the same for single runs).
 */
const bin = path.join(ROOT, 'bin', 'lagsim.js');
const lagsim = (args: string[], cwd = os.tmpdir()) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, maxBuffer: 1 << 30, timeout: 120_000 });

// ---
const sweepHelp = lagsim(['sweep', '--help']);
if (sweepHelp.status !== 0 || !/--workers/.test(sweepHelp.stdout)) {
  console.log(`SKIPPED: reproducible across --workers — "lagsim sweep --workers" is not available (${sweepHelp.stderr.trim().split('\n')[0] ?? 'no help'})`);
} else {
  const workers = suite('reproducible across worker threads and shards: lagsim sweep --workers, --shard, lagsim merge');
  const file = path.join(ROOT, 'scenarios', 'flash-sale.yaml');
  const param = ['--param', 'strategies[3].window=0ms..2s', '--steps', '4'];
  /** The sweep JSON on `w` worker threads, each command run once for both tests. */
  const swept = new Map<number, string>();
  const sweepJson = (w: number): string => {
    if (!swept.has(w)) {
      const r = lagsim(['sweep', file, ...param, '--runs', '2', '--workers', String(w), '--json', '--no-report']);
      assert.is(r.status, 0, r.stderr);
      swept.set(w, r.stdout);
    }
    return swept.get(w)!;
  };

  workers('the sweep JSON and every file of the sweep folder are identical whatever the worker count', () => {
    const json = [1, 2, 3].map(sweepJson);
    assert.ok(json[0].length > 1000, 'a real sweep result');
    assert.is(json[1], json[0], '--workers 2 vs 1');
    assert.is(json[2], json[0], '--workers 3 vs 1');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-golden-sweep-'));
    try {
      for (const w of [1, 2]) {
        const r = lagsim(['sweep', file, ...param, '--workers', String(w), '--out', path.join(tmp, String(w))]);
        assert.is(r.status, 0, r.stderr);
      }
      const names = fs.readdirSync(path.join(tmp, '1')).sort();
      assert.equal(fs.readdirSync(path.join(tmp, '2')).sort(), names);
      for (const name of names) {
        assert.ok(fs.readFileSync(path.join(tmp, '1', name)).equals(fs.readFileSync(path.join(tmp, '2', name))), `${name}: --workers 1 vs 2`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  if (!/--shard/.test(sweepHelp.stdout)) {
    console.log('SKIPPED: reproducible across shard counts — "lagsim sweep --shard" is not available');
  } else {
    workers('split into 3 shards (on 1 or 2 worker threads each) and merged: the same sweep JSON', () => {
      const whole = sweepJson(2);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-golden-shards-'));
      try {
        for (const n of [3]) {
          const shards = Array.from({ length: n }, (_, i) => {
            const out = path.join(tmp, `shard-${i + 1}-of-${n}.json`);
            const r = lagsim(['sweep', file, ...param, '--runs', '2', '--shard', `${i + 1}/${n}`, '--workers', String(1 + (i % 2)), '--out', out]);
            assert.is(r.status, 0, r.stderr);
            return out;
          });
          const merged = lagsim(['merge', ...shards.reverse(), '--json', '--no-report']);
          assert.is(merged.status, 0, merged.stderr);
          assert.is(merged.stdout, whole, `${n} shards merged vs one sweep`);
        }
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }

  workers.run();
}
