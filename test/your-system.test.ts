import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from './cli';

const test = suite('your own system: the bundled recordings, imported, make a scenario that runs');

/*
 * scenarios/data/your-system/ holds what scripts/example-data.sh recorded on a real MariaDB pair
 * (its README says when and how) and what the importers made of it; scenarios/your-system.yaml
 * plays the imported files. Here the three importers run again on the recordings.
 */
const DATA = path.join(__dirname, '..', 'scenarios', 'data', 'your-system');
const SCENARIO = path.join(__dirname, '..', 'scenarios', 'your-system.yaml');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-your-system-'));

const IMPORTS: [string[], string, RegExp][] = [
  [['lag', 'pt-heartbeat.txt'], 'pt-lag.csv', /^wrote 96 lags from pt-heartbeat /],
  [['lag', 'sbm.csv'], 'sbm-lag.csv', /^wrote 26 lags from prometheus-csv /],
  [['general-log', 'general.log'], 'ops.csv', /^wrote 498 operations \(318 reads, 180 writes; 4 sessions, 20 keys, over 28s\)/],
];

/** The all-follower row of a run's table: reads and stale reads. */
function allFollower(stdout: string): { reads: number; stale: number } {
  const m = /^all-follower\s+(\d+)\s+(\d+)\s/m.exec(stdout);
  if (m === null) throw new Error(`no all-follower row in:\n${stdout}`);
  return { reads: Number(m[1]), stale: Number(m[2]) };
}

test('each importer turns its recording into exactly the file the bundled scenario plays', async () => {
  for (const [[kind, input], output, said] of IMPORTS) {
    const out = path.join(dir, output);
    const r = await cli(['import', kind, path.join(DATA, input), '--out', out, '--lang', 'en']);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stdout, said);
    assert.is(fs.readFileSync(out, 'utf8'), fs.readFileSync(path.join(DATA, output), 'utf8'), output);
  }
  // The Seconds_Behind_Master series is whole seconds and half zeros: the importer says so.
  const sbm = await cli(['import', 'lag', path.join(DATA, 'sbm.csv'), '--out', path.join(dir, 'again.csv'), '--lang', 'en']);
  assert.match(sbm.stderr, 'all 26 samples are whole seconds');
  assert.match(sbm.stderr, '13 of 26 samples (50.0%) read 0');
});

test('the scenario runs on the imported files; whole-second traffic makes it the same for every seed', async () => {
  const text = fs.readFileSync(SCENARIO, 'utf8').replaceAll('data/your-system/', '');
  const file = path.join(dir, 'your-system.yaml');
  fs.writeFileSync(file, text);
  for (const seed of ['1', '2']) {
    const r = await cli(['run', file, '--seed', seed, '--no-report', '--lang', 'en']);
    assert.is(r.code, 0, r.stderr);
    assert.equal(allFollower(r.stdout), { reads: 318, stale: 174 });
  }
  // The same traffic against the Seconds_Behind_Master lags: a lag of 0 hides a same-second
  // read's staleness, so fewer reads are stale than with pt-heartbeat's lags (all above 0).
  fs.writeFileSync(file, text.replace('file: pt-lag.csv', 'file: sbm-lag.csv'));
  const r = await cli(['run', file, '--no-report', '--lang', 'en']);
  assert.is(r.code, 0, r.stderr);
  const { reads, stale } = allFollower(r.stdout);
  assert.is(reads, 318);
  assert.ok(stale > 0 && stale < 174, `stale ${stale}`);
});

/** The output a doc shows after `$ lagsim advise your-system <args>` (a one-line command), and the args. */
function adviseBlock(doc: string, slo: string): { args: string[]; shown: string } {
  const text = fs.readFileSync(path.join(__dirname, '..', 'docs', doc), 'utf8');
  const start = text.indexOf(`$ lagsim advise your-system --slo "${slo}"`);
  assert.ok(start >= 0, `${doc}: the advise example with ${slo}`);
  const m = /^\$ lagsim advise your-system (.*)\n([\s\S]*?)^```/m.exec(text.slice(start))!;
  return { args: [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((x) => x[1] ?? x[2]), shown: m[2] };
}

test('advise on your-system: a frontier, a recommendation meeting the SLOs with its confidence, every proxy\'s block — as the docs show', async () => {
  for (const doc of ['your-system.md', 'your-system.ko.md']) {
    const { args, shown } = adviseBlock(doc, 'staleRate < 1%');
    const r = await cli(['advise', 'your-system', ...args], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.is(r.stdout, shown, doc);
    if (doc !== 'your-system.md') continue;
    assert.match(r.stdout, /^Pareto frontier \(\d+ of \d+ configurations\)/m);
    // The recommendation meets both SLOs, each with its 95 % interval (5 runs).
    assert.match(r.stdout, /^Recommended: (\S+)\n  met +staleRate < 1% — [\d.]+% ±[\d.]+%\n  met +readLatencyMs\.p99 < 50 — [\d.]+ ms ±[\d.]+ ms\n/m);
    for (const proxy of ['ProxySQL', 'MaxScale', 'Pgpool-II', 'Rails', 'Laravel']) assert.match(r.stdout, new RegExp(`^${proxy} — `, 'm'));
  }
});

test('advise on your-system: an SLO nothing meets exits 4 and names the nearest miss, as the docs show', async () => {
  for (const [doc, start] of [['your-system.md', 'No searched'], ['your-system.ko.md', '탐색한 구성 가운데']]) {
    const { args, shown } = adviseBlock(doc, 'staleRate == 0');
    const r = await cli(['advise', 'your-system', ...args]);
    assert.is(r.code, 4, r.stderr);
    assert.match(r.stdout, /^(Nearest miss|가장 가까운 실패): /m);
    // The doc leaves the search's frontier out (…): its first three lines, then from the verdict on, then stderr.
    const lines = r.stdout.split('\n');
    const from = lines.findIndex((l) => l.startsWith(start));
    assert.is([...lines.slice(0, 3), '…', ...lines.slice(from)].join('\n') + r.stderr, shown, doc);
  }
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
test.run();
