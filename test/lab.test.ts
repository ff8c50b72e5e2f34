import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { parseScenario, readScenarioText, scenarioDocument } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { scenarioFromDoc } from '../src/lab/scenario';
import { LAG_FAMILIES, LabParams, initialParams, labDoc, labStrategy, lagDoc, strategyDoc } from '../src/lab/params';
import { readStateHash, stateHash } from '../src/lab/state';
import { tone } from '../src/lab/view';
import { STRATEGIES } from '../src/strategies';
import { strategySpec } from '../src/scenario/schema';
import { lookup } from '../src/i18n';
import { runLab } from '../src/lab/run';
import { delayDist } from '../src/scenario/schema';
import { meanUs } from '../src/model/distributions';
import { InputError } from '../src/scenario/errors';
import * as os from 'os';
import { cli as inProcess } from './cli';

const dir = path.join(__dirname, '..', 'scenarios');
const bundled = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
// As the command line and the site read a bundled scenario: a lag file it names is read in.
const docOf = (file: string): Record<string, unknown> => YAML.parse(readScenarioText(file));
const appleDoc = docOf(path.join(dir, 'apple-stock.yaml'));

// ---
const same = suite('lab: the browser-safe path builds the scenario the CLI builds');

for (const file of bundled) {
  same(path.basename(file), () => {
    const viaCli = parseScenario(readScenarioText(file), file);
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

params('the apple story starts with traffic added, the file\'s own strategies and lag', () => {
  const p = initialParams(appleDoc);
  assert.equal({ ...p, strategies: undefined }, {
    seed: 42, durationMs: 10_000, lag: null, strategies: undefined, focus: 0,
    traffic: true, readRatePerSec: 200, writeRatePerSec: 10, criticalFraction: 0.05,
  });
  const doc = labDoc(appleDoc, p);
  assert.equal(doc.cluster, appleDoc.cluster);
  assert.equal(doc.events, appleDoc.events);
  assert.equal(doc.strategies, [
    'all-follower', 'all-master', 'critical-only',
    { name: 'post-write-window', window: '1000000us', scope: 'key' }, { name: 'post-write-window', window: '1000000us', scope: 'session' },
  ]);
  // The traffic the lab adds to a scripted story (its note says so).
  assert.equal(doc.workload, { keys: 100, sessions: 100, writeRate: '10/s', readRate: '200/s', criticalFraction: 0.05 });
});

params('a scenario that lists no strategies starts on the default list, all-follower first', () => {
  const { strategies: _s, ...bare } = appleDoc;
  assert.equal(initialParams(bare).strategies.map((s) => s.name), ['all-follower', 'all-master', 'critical-only', 'post-write-window']);
});

params('every bundled scenario and lesson opens on its own strategies, and its first lab run is `lagsim run`\'s', () => {
  const lessons = fs.readdirSync(path.join(dir, 'lessons')).map((f) => path.join(dir, 'lessons', f));
  for (const file of [...bundled, ...lessons]) {
    const doc = docOf(file);
    const sc = parseScenario(readScenarioText(file), file);
    const p = initialParams(doc);
    assert.equal(p.strategies.map((s) => STRATEGIES[s.name].label(strategySpec.parse(strategyDoc(s)).params)), sc.strategies.map((s) => s.label), file);
    if (sc.workload === null) continue; // the lab adds traffic to a scripted story
    // runLab's summary is runScenario of the scenario its document builds: that scenario is
    // the CLI's, field for field, so its summary is `lagsim run`'s (compared run for run below).
    // A run reads neither the text nor the document as written (`input`: the lab's states the
    // duration a data file implies, and leaves out a lesson's questions), only what was built from them.
    const { source: _lab, input: _labInput, ...lab } = scenarioFromDoc(labDoc(doc, p), 'lab');
    const { source: _cli, input: _cliInput, ...cli } = sc;
    assert.equal(lab, cli, file);
  }
  for (const file of [path.join(dir, 'flash-sale.yaml'), path.join(dir, 'causal-reads.yaml'), path.join(dir, 'lessons', '02-all-master.yaml')]) {
    const doc = docOf(file);
    assert.equal(runLab(doc, initialParams(doc)).summary, runScenario(parseScenario(readScenarioText(file), file)), file);
  }
});

params('causal-reads keeps its own critical share (none), not one the lab makes up', () => {
  const doc = docOf(path.join(dir, 'causal-reads.yaml'));
  const p = initialParams(doc);
  assert.is(p.criticalFraction, 0);
  assert.is((labDoc(doc, p).workload as { criticalFraction: number }).criticalFraction, 0);
});

params('each strategy\'s lab form: its values are its parameters, every control moves the label, words in en and ko', () => {
  for (const def of Object.values(STRATEGIES)) {
    const s = labStrategy(def.name)!;
    const form = def.lab;
    if (form === undefined) {
      assert.equal(s.values, {});
      continue;
    }
    // The defaults survive the trip to the file and back.
    assert.equal(labStrategy(strategyDoc(s))!.values, s.values, def.name);
    const labelOf = (x: typeof s): string => strategySpec.parse(strategyDoc(x)).label;
    for (const c of form.controls) {
      const moved = { ...s, values: { ...s.values } };
      const v = s.values[c.field];
      moved.values[c.field] = c.kind === 'choice' ? c.options.find((o) => o !== v)! : c.kind === 'duration' ? c.maxUs : v === c.min ? c.max : c.min;
      if (!(form.applies?.(c.field, moved.values) ?? true)) moved.values.mode = 'wait';
      assert.not.equal(labelOf(moved), labelOf(s), `${def.name}.${c.field}`);
      for (const lang of ['en', 'ko'] as const) {
        assert.ok(lookup(lang, `lab.param.${c.field}`), `${lang} lab.param.${c.field}`);
        if (c.kind === 'choice') {
          for (const o of c.options) for (const k of [`lab.choice.${c.field}.${o}`, `lab.choiceNote.${c.field}.${o}`]) assert.ok(lookup(lang, k), `${lang} ${k}`);
        }
      }
    }
  }
});

params('a causal read that does not wait writes no timeout (the schema would refuse one)', () => {
  const fast = labStrategy({ name: 'causal', mode: 'fast' })!;
  assert.equal(strategyDoc(fast), { name: 'causal', mode: 'fast', scope: 'session' });
  assert.equal(strategyDoc({ ...fast, values: { ...fast.values, mode: 'wait' } }), { name: 'causal', mode: 'wait', scope: 'session', timeout: '10000000us' });
});

params('fields the lab has no control for are kept as the file wrote them', () => {
  const s = labStrategy({ name: 'adaptive-window', factor: 2, max: '3s', balance: 'least-lagged' })!;
  assert.equal(s.rest, { max: '3s', balance: 'least-lagged' });
  assert.equal(strategyDoc(s), { name: 'adaptive-window', max: '3s', balance: 'least-lagged', percentile: 0.99, factor: 2, scope: 'key' });
});

params('the page\'s state in its address: read back exactly; anything malformed keeps the page\'s own', () => {
  const start = { params: initialParams(appleDoc), tab: 'story', lang: 'en' as const };
  const p: LabParams = {
    ...start.params, seed: 9, lag: { dist: 'lognormal', meanMs: 250 }, focus: 1, criticalFraction: 0.2,
    strategies: [labStrategy('all-follower')!, { ...labStrategy('lag-threshold')!, values: { threshold: 300_000, monitor: 'heartbeat', probeInterval: 500_000 } }],
  };
  const s = { params: p, tab: 'lab', lang: 'ko' as const };
  assert.equal(readStateHash(stateHash(s), start), s);
  assert.is(readStateHash('#story', start), null);
  assert.is(readStateHash('#lab=%7Bnot json', start), null);
  const odd = readStateHash('#lab=' + encodeURIComponent(JSON.stringify({ seed: -3, strategies: [{ name: 'nope' }, { name: 'causal', values: { mode: 'fast', timeout: {} } }], focus: 5, lang: 'fr' })), start)!;
  assert.is(odd.params.seed, 42);
  assert.equal(odd.params.strategies, [{ name: 'causal', values: { mode: 'fast', scope: 'session', timeout: 10_000_000 }, rest: {} }]);
  assert.is(odd.params.focus, 0);
  assert.is(odd.lang, 'en');
});

params('colours: 0 stale is good, the worst of several is bad, volumes are never judged', () => {
  assert.is(tone('staleRate', 0, [0]), 'good');
  assert.is(tone('staleRate', 0.05, [0.05]), '');
  assert.is(tone('staleRate', 0.05, [0.05, 0, 0.01]), 'bad');
  assert.is(tone('staleRate', 0.01, [0.05, 0, 0.01]), '');
  assert.is(tone('masterOpsPerSec.mean', 10, [10, 200]), 'good');
  assert.is(tone('reads', 0, [0, 5]), '');
});

params('a scenario with its own workload keeps its keys, popularity, sessions and read-only keys', () => {
  const flash = docOf(path.join(dir, 'flash-sale.yaml'));
  const p = initialParams(flash);
  assert.is(p.durationMs, 10_000);
  assert.is(p.readRatePerSec, 3000);
  const doc = labDoc(flash, { ...p, lag: { dist: 'uniform', meanMs: 100 }, traffic: true, readRatePerSec: 50 });
  assert.equal(doc.workload, { keys: 50, popularity: { zipf: 1.3 }, sessions: 500, writeRate: '20/s', readRate: '50/s', criticalFraction: 0.05, readOnlyKeys: ['key-0'] });
  assert.equal((doc.cluster as { followers: unknown[] }).followers, [{ name: 'follower-1', lag: { dist: 'uniform', min: '0us', max: '200000us' } }]);
  assert.is(labDoc(flash, { ...p, traffic: false }).workload, undefined);
});

// ---
const numbers = suite('lab: the numbers are runScenario\'s, and watching changes nothing');

/** The lab's parameters running only `entry` (a scenario file's strategy entry). */
const only = (p: LabParams, entry: unknown): LabParams => ({ ...p, strategies: [labStrategy(entry)!], focus: 0 });

numbers('apple lab, window below and past the 500 ms lag', () => {
  const p = initialParams(appleDoc);
  const below = runLab(appleDoc, only(p, { name: 'post-write-window', window: '200ms' }));
  const past = runLab(appleDoc, only(p, { name: 'post-write-window', window: '500ms' }));
  for (const r of [below, past]) assert.equal(r.summary, runScenario(parseScenario(JSON.stringify(r.doc), 'lab.json')));
  assert.ok(below.result.staleRate > 0);
  assert.is(past.result.staleRate, 0); // constant lag: a key window ≥ the lag leaves nothing stale
  assert.ok(past.result.masterReadShare > below.result.masterReadShare);
  assert.ok(past.result.masterOpsPerSec.mean > below.result.masterOpsPerSec.mean);
});

numbers('the timeline adds up to the summary', () => {
  const p = initialParams(appleDoc);
  for (const q of [p, { ...p, focus: 3 }, { ...only(p, 'critical-only'), lag: { dist: 'exponential' as const, meanMs: 300 }, criticalFraction: 0.3 }]) {
    const r = runLab(appleDoc, q);
    const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
    assert.is(r.result, r.summary.results[q.focus]);
    assert.is(sum(r.timeline.reads), r.result.reads);
    assert.is(sum(r.timeline.staleReads), r.result.staleReads);
    assert.is(sum(r.timeline.masterReads), r.result.masterReads);
    assert.is(sum(r.timeline.writes), r.result.writes);
    assert.equal(r.timeline.marks, [[1_000_000, 'seller: apple stock=0']]);
  }
});

numbers('scripted story alone (traffic off) is the file\'s story', () => {
  const p = { ...only(initialParams(appleDoc), 'all-follower'), traffic: false, durationMs: 2000 };
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
/** The command line in this process (test/cli.ts). */
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

cli('a bad scenario: exit 2, one line per problem', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-')), 'bad.yaml');
  fs.writeFileSync(file, 'name: bad\ncluster:\n  followers:\n    - { name: f1, lag: "-3" }\n');
  const r = await inProcess(['lab', file], { cwd: os.tmpdir() });
  assert.is(r.code, 2);
  assert.match(r.stderr, new RegExp(`^lagsim: ${file}: cluster\\.followers\\[0\\]\\.lag: expected a duration like "500ms", got "-3"[^\\n]*\\n$`));
});

same.run();
params.run();
numbers.run();
cli.run();
