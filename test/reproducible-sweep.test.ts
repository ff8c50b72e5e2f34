import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../scripts/goldens';
import { cli } from './cli';

/**
 * A sweep gives the same bytes whatever the number of worker threads, and split into shards
 * and merged (test/reproducible.test.ts does the same for single runs). The CLI runs in this
 * process (test/cli.ts): worker threads, shards and merge are what is compared, not the process.
 */
const lagsim = (args: string[]) => cli(args, { cwd: os.tmpdir() }).then((r) => ({ ...r, status: r.code }));

// ---
const workers = suite('reproducible across worker threads and shards: lagsim sweep --workers, --shard, lagsim merge');
const file = path.join(ROOT, 'scenarios', 'flash-sale.yaml');
const param = ['--param', 'strategies[3].window=0ms..2s', '--steps', '4', '--runs', '2'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-golden-sweep-'));

/** The sweep folder on `w` worker threads (its sweep.json is the sweep JSON), each made once for both tests. */
const folders = new Map<number, string>();
async function sweepFolder(w: number): Promise<string> {
  if (!folders.has(w)) {
    const out = path.join(tmp, String(w));
    const r = await lagsim(['sweep', file, ...param, '--workers', String(w), '--out', out]);
    assert.is(r.status, 0, r.stderr);
    folders.set(w, out);
  }
  return folders.get(w)!;
}
const sweepJson = async (w: number): Promise<string> => fs.readFileSync(path.join(await sweepFolder(w), 'sweep.json'), 'utf8');

workers('the sweep JSON and every file of the sweep folder are identical whatever the worker count', async () => {
  const json = [await sweepJson(1), await sweepJson(2)];
  assert.ok(json[0].length > 1000, 'a real sweep result');
  assert.is(json[1], json[0], '--workers 2 vs 1');
  const printed = await lagsim(['sweep', file, ...param, '--workers', '3', '--json', '--no-report']);
  assert.is(printed.status, 0, printed.stderr);
  assert.is(printed.stdout, json[0], '--workers 3 (printed with --json) vs 1 (its sweep.json)');
  const [one, two] = [await sweepFolder(1), await sweepFolder(2)];
  const names = fs.readdirSync(one).sort();
  assert.ok(names.includes('index.html'), names.join(' '));
  assert.equal(fs.readdirSync(two).sort(), names);
  for (const name of names) {
    assert.ok(fs.readFileSync(path.join(one, name)).equals(fs.readFileSync(path.join(two, name))), `${name}: --workers 1 vs 2`);
  }
});

workers('split into 3 shards (on 1 or 2 worker threads each) and merged: the same sweep JSON', async () => {
  const n = 3;
  const shards: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = path.join(tmp, `shard-${i + 1}-of-${n}.json`);
    const r = await lagsim(['sweep', file, ...param, '--shard', `${i + 1}/${n}`, '--workers', String(1 + (i % 2)), '--out', out]);
    assert.is(r.status, 0, r.stderr);
    shards.push(out);
  }
  const merged = await lagsim(['merge', ...shards.reverse(), '--json', '--no-report']);
  assert.is(merged.status, 0, merged.stderr);
  assert.is(merged.stdout, await sweepJson(2), `${n} shards merged vs one sweep`);
});

workers.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
workers.run();
