import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './cli';
import { scenarioFile } from './helpers';

/**
 * A sweep gives the same bytes whatever the number of worker threads, and split into shards
 * and merged (test/reproducible.test.ts does the same for single runs). The CLI runs in this
 * process (test/cli.ts): worker threads, shards and merge are what is compared, not the process.
 */
const lagsim = (args: string[]) => cli(args, { cwd: os.tmpdir() }).then((r) => ({ ...r, status: r.code }));

// ---
const workers = suite('reproducible across worker threads and shards: lagsim sweep --workers, --shard, lagsim merge');
// Under test:fast with a fifth of its reads (scenarioFile): the same tasks to spread, cheaper runs.
const file = scenarioFile('flash-sale', '600/s');
const param = ['--param', 'strategies[3].window=0ms..2s', '--steps', '4', '--runs', '2'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-golden-sweep-'));

/** The sweep on 1 worker thread, in this thread: its folder, made once for both tests (its sweep.json is the sweep JSON). */
let serial: Promise<string> | null = null;
function serialFolder(): Promise<string> {
  serial ??= lagsim(['sweep', file, ...param, '--workers', '1', '--out', path.join(tmp, '1')]).then((r) => {
    assert.is(r.status, 0, r.stderr);
    return path.join(tmp, '1');
  });
  return serial;
}
const serialJson = async (): Promise<string> => fs.readFileSync(path.join(await serialFolder(), 'sweep.json'), 'utf8');

// 3 threads on 2 cores: more threads than cores, so tasks finish out of order; the shards below also run on 2.
workers('the sweep JSON and every file of the sweep folder are identical whatever the worker count', async () => {
  const json = await serialJson();
  assert.ok(json.length > 1000, 'a real sweep result');
  const three = path.join(tmp, '3');
  const printed = await lagsim(['sweep', file, ...param, '--workers', '3', '--json', '--out', three]);
  assert.is(printed.status, 0, printed.stderr);
  assert.is(printed.stdout, json, '--workers 3 (printed with --json) vs 1 (its sweep.json)');
  const one = await serialFolder();
  const names = fs.readdirSync(one).sort();
  assert.ok(names.includes('index.html'), names.join(' '));
  assert.equal(fs.readdirSync(three).sort(), names);
  for (const name of names) {
    assert.ok(fs.readFileSync(path.join(one, name)).equals(fs.readFileSync(path.join(three, name))), `${name}: --workers 1 vs 3`);
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
  assert.is(merged.stdout, await serialJson(), `${n} shards merged vs one sweep on 1 thread`);
});

workers.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
workers.run();
