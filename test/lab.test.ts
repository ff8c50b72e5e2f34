import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { parseScenario, scenarioDocument } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { scenarioFromDoc } from '../src/lab/scenario';
import { LAG_FAMILIES, initialParams, labDoc, lagDoc } from '../src/lab/params';
import { runLab } from '../src/lab/run';
import { delayDist } from '../src/scenario/schema';
import { meanUs } from '../src/model/distributions';
import { InputError } from '../src/scenario/errors';
import { spawnSync } from 'child_process';
import * as os from 'os';
import { cli as inProcess } from './cli';

const dir = path.join(__dirname, '..', 'scenarios');
const bundled = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
const docOf = (file: string): Record<string, unknown> => YAML.parse(fs.readFileSync(file, 'utf8'));
const appleDoc = docOf(path.join(dir, 'apple-stock.yaml'));

// ---
const same = suite('lab: the browser-safe path builds the scenario the CLI builds');

for (const file of bundled) {
  same(path.basename(file), () => {
    const viaCli = parseScenario(fs.readFileSync(file, 'utf8'), file);
    const viaLab = scenarioFromDoc(docOf(file), file);
    // The same scenario, and the same document; the source differs in form (JSON vs YAML text).
    const { source: _lab, ...lab } = viaLab;
    const { source: _cli, ...cli } = viaCli;
    assert.equal(lab, cli);
    assert.equal(scenarioDocument(viaLab), scenarioDocument(viaCli));
  });
}

same('bad documents fail with the loader\'s messages and field paths', () => {
  const problems = (f: () => unknown): string[] => {
    try {
      f();
    } catch (err) {
      assert.instance(err, InputError);
      return (err as InputError).problems;
    }
    return assert.unreachable() as never;
  };
  for (const bad of [
    { ...appleDoc, cluster: { followers: [{ name: 'f1', lag: '-3' }] } },
    { ...appleDoc, colour: 'red', seed: -1 },
    { ...appleDoc, duration: '1s' },
    { ...appleDoc, strategies: [{ name: 'post-write-window', window: 'soon' }] },
  ]) {
    const lab = problems(() => scenarioFromDoc(bad, 'x.json'));
    assert.ok(lab.length > 0 && lab.every((m) => m.startsWith('x.json: ')), lab.join('\n'));
    assert.equal(lab, problems(() => parseScenario(JSON.stringify(bad), 'x.json')));
  }
});

// ---
const params = suite('lab: controls → scenario document');

params('one mean slider sets every lag family to exactly that mean (normal: before truncation)', () => {
  for (const dist of LAG_FAMILIES) {
    for (const meanMs of [0.5, 37, 500, 2000]) {
      const d = delayDist.parse(lagDoc(dist, meanMs));
      const want = meanMs * 1000;
      if (d.dist === 'normal') assert.is(d.meanUs, want);
      else if (d.dist === 'lognormal') assert.ok(Math.abs(meanUs(d) - want) <= 1, `${dist} ${meanMs}: ${meanUs(d)}`); // median rounded to the µs
      else assert.is(meanUs(d), want, `${dist} ${meanMs}`);
    }
  }
  assert.equal(delayDist.parse(lagDoc('exponential', 0)), { dist: 'constant', valueUs: 0 });
});

params('the apple story starts with traffic added, post-write-window 1 s key, and the file\'s lag', () => {
  const p = initialParams(appleDoc);
  assert.equal(p, {
    seed: 42, durationMs: 10_000, lag: null, strategy: 'post-write-window', windowMs: 1000, scope: 'key',
    traffic: true, readRatePerSec: 200, writeRatePerSec: 10, criticalFraction: 0.05,
  });
  const doc = labDoc(appleDoc, p);
  assert.equal(doc.cluster, appleDoc.cluster);
  assert.equal(doc.events, appleDoc.events);
  assert.equal(doc.strategies, [{ name: 'post-write-window', window: '1000000us', scope: 'key' }]);
  assert.equal(doc.workload, { keys: 100, sessions: 100, writeRate: '10/s', readRate: '200/s', criticalFraction: 0.05 });
});

params('a scenario with its own workload keeps its keys, popularity, sessions and read-only keys', () => {
  const flash = docOf(path.join(dir, 'flash-sale.yaml'));
  const p = initialParams(flash);
  assert.is(p.durationMs, 10_000);
  assert.is(p.readRatePerSec, 3000);
  assert.is(p.windowMs, 500); // the file's first post-write-window
  const doc = labDoc(flash, { ...p, lag: { dist: 'uniform', meanMs: 100 }, traffic: true, readRatePerSec: 50 });
  assert.equal(doc.workload, { keys: 50, popularity: { zipf: 1.3 }, sessions: 500, writeRate: '20/s', readRate: '50/s', criticalFraction: 0.05, readOnlyKeys: ['key-0'] });
  assert.equal((doc.cluster as { followers: unknown[] }).followers, [{ name: 'follower-1', lag: { dist: 'uniform', min: '0us', max: '200000us' } }]);
  assert.is(labDoc(flash, { ...p, traffic: false }).workload, undefined);
});

// ---
const numbers = suite('lab: the numbers are runScenario\'s, and watching changes nothing');

numbers('apple lab, window below and past the 500 ms lag', () => {
  const p = initialParams(appleDoc);
  const below = runLab(appleDoc, { ...p, windowMs: 200 });
  const past = runLab(appleDoc, { ...p, windowMs: 500 });
  for (const r of [below, past]) assert.equal(r.summary, runScenario(parseScenario(JSON.stringify(r.doc), 'lab.json')));
  assert.ok(below.result.staleRate > 0);
  assert.is(past.result.staleRate, 0); // constant lag: a key window ≥ the lag leaves nothing stale
  assert.ok(past.result.masterReadShare > below.result.masterReadShare);
  assert.ok(past.result.masterOpsPerSec.mean > below.result.masterOpsPerSec.mean);
});

numbers('the timeline adds up to the summary', () => {
  const p = initialParams(appleDoc);
  for (const q of [p, { ...p, strategy: 'all-follower' }, { ...p, lag: { dist: 'exponential' as const, meanMs: 300 }, criticalFraction: 0.3, strategy: 'critical-only' }]) {
    const r = runLab(appleDoc, q);
    const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
    assert.is(sum(r.timeline.reads), r.result.reads);
    assert.is(sum(r.timeline.staleReads), r.result.staleReads);
    assert.is(sum(r.timeline.masterReads), r.result.masterReads);
    assert.is(sum(r.timeline.writes), r.result.writes);
    assert.equal(r.timeline.marks, [[1_000_000, 'seller: apple stock=0']]);
  }
});

numbers('scripted story alone (traffic off) is the file\'s story', () => {
  const p = { ...initialParams(appleDoc), traffic: false, strategy: 'all-follower', durationMs: 2000 };
  const r = runLab(appleDoc, p);
  assert.is(r.result.reads, 3);
  assert.is(r.result.staleReads, 2);
  assert.equal(r.story.steps.filter((s) => s.kind === 'read').map((s) => (s as { stale: boolean }).stale), [true, true, false]);
});

numbers('settings that make no valid scenario are reported, not thrown as crashes', () => {
  const p = initialParams(appleDoc);
  try {
    runLab(appleDoc, { ...p, durationMs: 1000 }); // the script runs from 1 s to 1.5 s
    assert.unreachable();
  } catch (err) {
    assert.instance(err, InputError);
    assert.equal((err as InputError).problems.map((m) => m.slice(0, 34)), ['lab.json: events[1].at: at 1100ms ', 'lab.json: events[2].at: at 1200ms ', 'lab.json: events[3].at: at 1500ms ']);
  }
});

// ---
const cli = suite('lagsim lab');
const bin = path.join(__dirname, '..', 'bin', 'lagsim.js');
const lagsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: os.tmpdir() });
/** The same through the CLI in this process (test/cli.ts). */
const lagsimHere = (...args: string[]) => inProcess(args);

cli('writes one self-contained HTML file: the bundle, the scenario as written, nothing to fetch', async () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-')), 'lab.html');
  const r = await lagsimHere('lab', path.join(dir, 'apple-stock.yaml'), '--out', out, '--lang', 'ko', '--seed', '5');
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout, `실험실: ${out}\n`); // --lang ko speaks Korean
  const html = fs.readFileSync(out, 'utf8');
  assert.match(html, '<html lang="ko">');
  assert.not.match(html, /(src|href)="(https?:)?\/\//);
  const data = JSON.parse(/<script type="application\/json" id="lagsim-lab-data">(.*?)<\/script>/s.exec(html)![1]);
  assert.equal(data.doc, { ...appleDoc, seed: 5 });
  assert.is(data.lang, 'ko');
  fs.rmSync(path.dirname(out), { recursive: true });
});

cli('a bad scenario: exit 2, one line per problem', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-')), 'bad.yaml');
  fs.writeFileSync(file, 'name: bad\ncluster:\n  followers:\n    - { name: f1, lag: "-3" }\n');
  const r = lagsim('lab', file);
  assert.is(r.status, 2);
  assert.match(r.stderr, new RegExp(`^lagsim: ${file}: cluster\\.followers\\[0\\]\\.lag: expected a duration like "500ms", got "-3"[^\\n]*\\n$`));
});

same.run();
params.run();
numbers.run();
cli.run();
