import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';
import { cli } from './cli';
import { sampleSize } from './helpers';
import { bundledScenarioDir, bundledScenarios } from '../src/scenario/bundled';
import { scenarioJsonSchema } from '../src/scenario/jsonSchema';
import { loadScenarioFile, parseScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';

const root = path.join(__dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-files-'));

// ---
/**
 * A validator for the JSON Schema keywords the generated schema uses, and only those: a
 * keyword it does not know fails the test, so a schema it cannot judge never passes.
 */
type Schema = Record<string, unknown>;
const KNOWN = new Set(['$schema', 'title', 'type', 'properties', 'required', 'additionalProperties', 'items', 'anyOf', 'enum', 'const',
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'propertyNames', 'default']);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number';
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    default: throw new Error(`unknown type ${type}`);
  }
}

/** The paths at which `v` breaks `s` (empty: valid). */
function violations(s: Schema, v: unknown, at = '$'): string[] {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`${at}: the test's validator does not know "${k}"`);
  const bad: string[] = [];
  if (s.anyOf !== undefined) {
    if (!(s.anyOf as Schema[]).some((alt) => violations(alt, v, at).length === 0)) bad.push(`${at}: matches none of anyOf`);
  }
  if (s.type !== undefined && !typeOk(s.type as string, v)) return [...bad, `${at}: not ${s.type}`];
  if (s.enum !== undefined && !(s.enum as unknown[]).includes(v)) bad.push(`${at}: not in enum`);
  if (s.const !== undefined && s.const !== v) bad.push(`${at}: not ${JSON.stringify(s.const)}`);
  if (typeof v === 'string') {
    if (s.pattern !== undefined && !new RegExp(s.pattern as string, 'u').test(v)) bad.push(`${at}: does not match ${s.pattern}`);
    if (s.minLength !== undefined && [...v].length < (s.minLength as number)) bad.push(`${at}: too short`);
    if (s.maxLength !== undefined && [...v].length > (s.maxLength as number)) bad.push(`${at}: too long`);
  }
  if (typeof v === 'number') {
    if (s.minimum !== undefined && v < (s.minimum as number)) bad.push(`${at}: below minimum`);
    if (s.maximum !== undefined && v > (s.maximum as number)) bad.push(`${at}: above maximum`);
    if (s.exclusiveMinimum !== undefined && v <= (s.exclusiveMinimum as number)) bad.push(`${at}: not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && v >= (s.exclusiveMaximum as number)) bad.push(`${at}: not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < (s.minItems as number)) bad.push(`${at}: too few items`);
    if (s.maxItems !== undefined && v.length > (s.maxItems as number)) bad.push(`${at}: too many items`);
    if (s.items !== undefined) v.forEach((x, i) => bad.push(...violations(s.items as Schema, x, `${at}[${i}]`)));
  }
  if (typeOk('object', v)) {
    const o = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in o)) bad.push(`${at}.${r}: required`);
    for (const [k, x] of Object.entries(o)) {
      if (s.propertyNames !== undefined) bad.push(...violations(s.propertyNames as Schema, k, `${at}[key ${k}]`));
      if (k in props) bad.push(...violations(props[k], x, `${at}.${k}`));
      else if (s.additionalProperties === false) bad.push(`${at}.${k}: not allowed`);
      else if (typeof s.additionalProperties === 'object') bad.push(...violations(s.additionalProperties as Schema, x, `${at}.${k}`));
    }
  }
  return bad;
}

const schema = suite('the JSON Schema generated from the zod scenario schema');
const generated = scenarioJsonSchema();
const docs = bundledScenarios().map((s) => ({ ...s, doc: YAML.parse(fs.readFileSync(s.file, 'utf8')) as Record<string, unknown> }));

schema('every bundled scenario is valid under it (and under lagsim\'s own parse)', () => {
  assert.ok(docs.length >= 17);
  for (const d of docs) {
    assert.equal(violations(generated, d.doc), [], d.name);
    loadScenarioFile(d.file);
  }
});

schema('an slo: section is valid under it and under lagsim\'s parse', () => {
  const flash = structuredClone(docs.find((d) => d.name === 'flash-sale')!.doc);
  flash.slo = ['staleRate < 0.1%', 'staleCriticalReads == 0', ' masterReadShare<30% ', 'readLatencyMs.p99 <= 5e1'];
  assert.equal(violations(generated, flash), []);
  assert.not.ok(refused(flash));
});

/** Whether lagsim's parse refuses a document. */
function refused(doc: unknown): boolean {
  try {
    parseScenario(doc as object, 'x.json');
    return false;
  } catch (err) {
    if (err instanceof InputError) return true;
    throw err;
  }
}

schema('it refuses what lagsim refuses for the mistakes it can express (and the test\'s validator is not blind)', () => {
  const apple = docs.find((d) => d.name === 'apple-stock')!.doc;
  const flash = docs.find((d) => d.name === 'flash-sale')!.doc;
  const change = (base: Record<string, unknown>, edit: (d: Record<string, any>) => void) => {
    const d = structuredClone(base);
    edit(d);
    return d;
  };
  const bad = [
    change(apple, (d) => { d.colour = 'red'; }),
    change(apple, (d) => { d.duration = '2 hours'; }),
    change(apple, (d) => { d.cluster.followers[0].lag = { dist: 'gauss', mean: '1s' }; }),
    change(apple, (d) => { d.cluster.followers[0].lag = { dist: 'normal', mean: '1s' }; }),
    change(apple, (d) => { d.strategies.push({ name: 'post-write-window', windw: '1s' }); }),
    change(apple, (d) => { d.strategies.push('all-masters'); }),
    change(apple, (d) => { d.strategies.push({ name: 'pgpool', delayThreshold: '1mb' }); }),
    change(apple, (d) => { d.cluster.master = { walBytesPerWrite: 0 }; }),
    change(apple, (d) => { d.events.push({ at: '1s', actor: 'x', read: 'apple', write: 'apple' }); }),
    change(apple, (d) => { d.name = 'Bad Name'; }),
    change(flash, (d) => { d.workload.writeRate = 200; }),
    change(flash, (d) => { d.workload.popularity = { zipf: 0 }; }),
    change(flash, (d) => { d.slo = ['staleRat < 1%']; }),
    change(flash, (d) => { d.slo = ['staleRate = 1%']; }),
    change(flash, (d) => { d.slo = 'staleRate < 1%'; }),
  ];
  for (const d of bad) {
    assert.ok(refused(d), JSON.stringify(d).slice(0, 200));
    assert.ok(violations(generated, d).length > 0, JSON.stringify(d).slice(0, 200));
  }
});

schema('a pgpool strategy, walBytesPerWrite and walCommitBytes are valid under it and under lagsim\'s parse', () => {
  const apple = structuredClone(docs.find((d) => d.name === 'apple-stock')!.doc) as Record<string, any>;
  apple.cluster.master = { walBytesPerWrite: 200, walCommitBytes: 40 };
  apple.strategies.push({ name: 'pgpool', delayThreshold: '1MB', srCheckPeriod: '5s', disableLoadBalanceOnWrite: 'always' }, { name: 'pgpool', delayThreshold: 65536 });
  assert.equal(violations(generated, apple), []);
  assert.not.ok(refused(apple));
});

schema('lagsim schema prints it, and the build ships the same bytes', async () => {
  const r = await cli(['schema']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), generated);
  assert.is(fs.readFileSync(path.join(root, 'dist', 'scenario.schema.json'), 'utf8'), r.stdout);
});

// ---
const names = suite('bundled scenarios by name, list and init, from any folder');

names('run, validate and trace take a bundled scenario\'s name where no such file is', async () => {
  const r = await cli(['validate', 'apple-stock', 'lessons/01-stale-read', 'flash-sale.yaml'], { cwd: tmp });
  assert.is(r.code, 0, r.stderr);
  assert.is(r.stdout.split('\n').filter((l) => l.includes(': ok')).length, 3);
  const trace = await cli(['trace', 'apple-stock', '--strategy', 'all-follower'], { cwd: tmp });
  assert.match(trace.stdout, 'stock=400 STALE');
  const missing = await cli(['run', 'apple-stok', '--no-report'], { cwd: tmp });
  assert.is(missing.code, 2);
  assert.match(missing.stderr, 'apple-stok: no such file');
});

names('a file of that name in the current folder comes first', async () => {
  const own = path.join(tmp, 'own');
  fs.mkdirSync(own);
  fs.writeFileSync(path.join(own, 'apple-stock'), 'name: mine\ncluster: { followers: [ { name: f, lag: 1ms } ] }\n');
  const r = await cli(['validate', 'apple-stock'], { cwd: own });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'apple-stock: ok — mine');
});

names('list prints names that run accepts, and where they are', async () => {
  const r = await cli(['list'], { cwd: tmp });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, path.join(root, 'scenarios'));
  assert.match(r.stdout, /^apple-stock +Apple stock/m);
  assert.match(r.stdout, /^ 1\. lessons\/01-stale-read /m);
});

names('init writes a starter whose first line names the schema; never over a file or through a link', async () => {
  const dir = path.join(tmp, 'init');
  fs.mkdirSync(dir);
  const r = await cli(['init', 'flash-sale', '--out', 'sale.yaml'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  const text = fs.readFileSync(path.join(dir, 'sale.yaml'), 'utf8');
  const first = text.split('\n')[0];
  assert.is(first, `# yaml-language-server: $schema=${path.join(root, 'dist', 'scenario.schema.json')}`);
  assert.ok(fs.existsSync(first.replace(/^.*\$schema=/, '')));
  assert.is(text.slice(first.length + 1), fs.readFileSync(path.join(root, 'scenarios', 'flash-sale.yaml'), 'utf8'));
  assert.is((await cli(['validate', 'sale.yaml'], { cwd: dir })).code, 0);
  // Inside the package the schema is named relative to the file.
  const inside = path.join(root, 'dist', 'init-test.yaml');
  try {
    assert.is((await cli(['init', '--out', inside])).code, 0);
    assert.is(fs.readFileSync(inside, 'utf8').split('\n')[0], '# yaml-language-server: $schema=scenario.schema.json');
  } finally {
    fs.rmSync(inside, { force: true });
  }
  const again = await cli(['init', 'apple-stock', '--out', 'sale.yaml'], { cwd: dir });
  assert.is(again.code, 2);
  assert.match(again.stderr, 'sale.yaml: already exists');
  assert.is(fs.readFileSync(path.join(dir, 'sale.yaml'), 'utf8'), text);
  const target = path.join(dir, 'target.txt');
  fs.symlinkSync(target, path.join(dir, 'link.yaml'));
  const link = await cli(['init', '--out', 'link.yaml', '--lang', 'ko'], { cwd: dir });
  assert.is(link.code, 2);
  assert.match(link.stderr, 'link.yaml: 이미 있습니다');
  assert.not.ok(fs.existsSync(target));
  const unknown = await cli(['init', 'apple-stok'], { cwd: dir });
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, 'did you mean apple-stock');
});

names('init of a scenario that reads a lag file copies the file beside it, so the copy runs', async () => {
  const dir = path.join(tmp, 'init-lag');
  fs.mkdirSync(dir);
  const csv = fs.readFileSync(path.join(root, 'scenarios', 'data', 'measured-lag.csv'), 'utf8');
  const r = await cli(['init', 'measured-lag', '--out', 'mine.yaml'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'wrote data/measured-lag.csv, the measured lags it reads');
  assert.is(fs.readFileSync(path.join(dir, 'data', 'measured-lag.csv'), 'utf8'), csv);
  assert.is((await cli(['validate', 'mine.yaml'], { cwd: dir })).code, 0);
  // A second copy shares the identical file; a changed one is never replaced, and then nothing is written.
  assert.is((await cli(['init', 'measured-lag', '--out', 'two.yaml'], { cwd: dir })).code, 0);
  fs.appendFileSync(path.join(dir, 'data', 'measured-lag.csv'), '5000\n');
  const changed = await cli(['init', 'measured-lag', '--out', 'three.yaml'], { cwd: dir });
  assert.is(changed.code, 2);
  assert.match(changed.stderr, 'measured-lag.csv: already exists');
  assert.not.ok(fs.existsSync(path.join(dir, 'three.yaml')));
});

names('init of a scenario that replays a recording copies the recording too, so the copy validates', async () => {
  const dir = path.join(tmp, 'init-replay');
  fs.mkdirSync(dir);
  const r = await cli(['init', 'your-system', '--out', 'mine.yaml'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'wrote data/your-system/ops.csv, the recorded operations it replays');
  const ops = path.join('scenarios', 'data', 'your-system', 'ops.csv');
  assert.is(fs.readFileSync(path.join(dir, 'data', 'your-system', 'ops.csv'), 'utf8'), fs.readFileSync(path.join(root, ops), 'utf8'));
  const check = await cli(['validate', 'mine.yaml'], { cwd: dir });
  assert.is(check.code, 0, check.stderr);
});

names('init where a file stands in the way of the data folder: a problem naming it, and nothing written', async () => {
  const dir = path.join(tmp, 'init-blocked');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'data'), 'mine\n');
  const r = await cli(['init', 'measured-lag', '--out', 'mine.yaml'], { cwd: dir });
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr.split('\n')[0], 'lagsim: data: cannot write (it is not a folder)');
  assert.equal(fs.readdirSync(dir), ['data']);
  // A link where a data file goes, even a dangling one, is refused before the scenario is written.
  const linked = path.join(tmp, 'init-linked');
  fs.mkdirSync(path.join(linked, 'data'), { recursive: true });
  fs.symlinkSync(path.join(tmp, 'nowhere.csv'), path.join(linked, 'data', 'measured-lag.csv'));
  const refused = await cli(['init', 'measured-lag', '--out', 'mine.yaml'], { cwd: linked });
  assert.is(refused.code, 2, refused.stderr);
  assert.not.ok(fs.existsSync(path.join(linked, 'mine.yaml')));
  // A link as the data folder itself, before anything is written: the files would land where it points.
  const linkedFolder = path.join(tmp, 'init-linked-folder');
  fs.mkdirSync(path.join(linkedFolder, 'elsewhere'), { recursive: true });
  fs.symlinkSync(path.join(linkedFolder, 'elsewhere'), path.join(linkedFolder, 'data'));
  const throughLink = await cli(['init', 'measured-lag', '--out', 'mine.yaml'], { cwd: linkedFolder });
  assert.is(throughLink.code, 2, throughLink.stderr);
  assert.is(throughLink.stderr.split('\n')[0], 'lagsim: data: cannot write (it is a symbolic link; lagsim does not write into a folder that is a link — give the folder it points to)');
  assert.equal(fs.readdirSync(linkedFolder).sort(), ['data', 'elsewhere']);
  assert.equal(fs.readdirSync(path.join(linkedFolder, 'elsewhere')), []);
  // A folder --out names that does not exist yet is made.
  const made = await cli(['init', '--out', path.join('new', 'mine.yaml')], { cwd: dir });
  assert.is(made.code, 0, made.stderr);
  assert.ok(fs.existsSync(path.join(dir, 'new', 'mine.yaml')));
});

// ---
const rerun = suite('a report\'s scenario.json is a scenario in the file format and reruns to the same summary');

/** Scenario, arguments, and the exit code both runs give (4: an SLO violated). */
const cases: Array<[string, string[], number]> = [
  ['apple-stock', [], 0],
  ['apple-stock', ['--seed', '7', '--strategy', 'post-write-window(window=300ms,scope=session)', '--strategy', 'all-master'], 0],
  ['lag-spike', [], 0],
  ['semi-sync', ['--runs', '2'], 0],
  ['lessons/04-window-vs-lag', [], 0],
  ['apple-stock', ['--slo', 'staleRate < 1%', '--slo', 'readLatencyMs.p99<100'], 4],
  ['with-slo.yaml', ['--runs', '3', '--slo', 'readLatencyMs.p99 < 1000'], 0],
];

rerun.before(() => {
  const own = fs.readFileSync(path.join(bundledScenarioDir(), 'apple-stock.yaml'), 'utf8');
  fs.writeFileSync(path.join(tmp, 'with-slo.yaml'), `${own}\nslo:\n  - staleRate <= 70%\n  - readLatencyMs.p99 < 1\n`);
});

// test:fast reruns four of the cases: the overrides (read again by the next test), a lesson, and both SLO cases (one with --runs).
const rerunCases = sampleSize([0, 1, 2, 3, 4, 5, 6], [1, 4, 5, 6]);

rerun('run reports/x/scenario.json reproduces summary.json byte for byte (summary.csv and summary.txt are made from it), and the exit code', async () => {
  for (const i of rerunCases) {
    const [name, args, code] = cases[i];
    const a = path.join(tmp, `rerun-${i}-a`);
    const first = await cli(['run', name, ...args, '--out', a], { cwd: tmp });
    assert.is(first.code, code, first.stderr);
    const doc = JSON.parse(fs.readFileSync(path.join(a, 'scenario.json'), 'utf8'));
    assert.equal(violations(generated, doc), [], name);
    assert.not.match(JSON.stringify(doc), /Us"|PerSec"/, 'no internal field names');
    const runs = args.includes('--runs') ? ['--runs', args[args.indexOf('--runs') + 1]] : [];
    // The rerun prints its summary.json instead of writing a report: summary.csv and
    // summary.txt are functions of the summary alone (report/write.ts), in the language of
    // the environment, the same for both runs.
    const second = await cli(['run', path.join(a, 'scenario.json'), ...runs, '--json', '--no-report'], { cwd: tmp });
    assert.is(second.code, code, second.stderr);
    assert.is(second.stdout, fs.readFileSync(path.join(a, 'summary.json'), 'utf8'), `${name} ${args.join(' ')}: summary.json`);
  }
});

rerun('the overrides are written as the file would say them', async () => {
  const doc = JSON.parse(fs.readFileSync(path.join(tmp, 'rerun-1-a', 'scenario.json'), 'utf8'));
  assert.is(doc.seed, 7);
  assert.equal(doc.strategies, [{ name: 'post-write-window', window: '300ms', scope: 'session' }, 'all-master']);
  assert.is(doc.cluster.followers[0].lag, '500ms');
  assert.not.ok('slo' in doc, 'no SLO where none was checked');
  const added = JSON.parse(fs.readFileSync(path.join(tmp, 'rerun-5-a', 'scenario.json'), 'utf8'));
  assert.equal(added.slo, ['staleRate < 1%', 'readLatencyMs.p99 < 100']);
  const summary = JSON.parse(fs.readFileSync(path.join(tmp, 'rerun-5-a', 'summary.json'), 'utf8'));
  assert.ok(summary.slo.violated > 0, 'the --slo case violates an SLO, so exit code 4 is what both runs are held to');
  const replaced = JSON.parse(fs.readFileSync(path.join(tmp, 'rerun-6-a', 'scenario.json'), 'utf8'));
  assert.equal(replaced.slo, ['staleRate <= 70%', 'readLatencyMs.p99 < 1000'], 'a --slo on a metric the file constrains replaces the file\'s');
});

schema.run();
names.run();
rerun.run();
