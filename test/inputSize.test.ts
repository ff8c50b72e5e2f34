import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { MAX_FIELDS, MAX_VALUES, MAX_YAML_SEPARATORS, yamlSeparators } from '../src/scenario/inputSize';

/**
 * The attacks of the hardening review, each generated here and run as a real
 * `node bin/lagsim.js` under a 256 MB heap: each must end in exit 2 with one line per
 * problem, and within the time the README's reliability section states (measured there
 * on a loaded machine; here a hang detector with room for a slow CI). Then the smaller
 * input problems, and the large scenarios that must stay accepted.
 */
const HEAP_MB = 256;
const LIMIT_MS = 10_000;
const bin = path.join(__dirname, '..', 'bin', 'lagsim.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-input-size-'));
const OK = 'cluster: { followers: [ { name: f, lag: 1s } ] }';

/** One anchored mapping of `fields` fields and `aliases` aliases of it. */
function aliasedFields(fields: number, aliases: number): string {
  const mapping = Array.from({ length: fields }, (_, i) => `f${i}: 1`).join(', ');
  const copies = Array.from({ length: aliases }, (_, i) => `  k${i + 1}: *a\n`).join('');
  return `name: x\n${OK}\ndata:\n  k0: &a { ${mapping} }\n${copies}`;
}

/** A single flow list filling a 5 MB file. */
function denseList(json: boolean): string {
  const items = '1,'.repeat(2_600_000) + '1';
  return json ? `{"name": "x", "events": [${items}]}` : `name: x\nevents: [${items}]\n`;
}

const writes = (duration: string, rate: string): string =>
  `name: x\nduration: ${duration}\n${OK}\nworkload: { keys: 100, writeRate: ${rate}, readRate: 0/s }\n`;

const badEvents = JSON.stringify({
  name: 'x', cluster: { followers: [{ name: 'f', lag: '1s' }] },
  events: Array.from({ length: 60_000 }, (_, i) => ({ at: `${i}xs`, actor: `u ${i}`, write: `k ${i}`, set: { a: [1] } })),
});

/** [attack, command, file name, text, what the message must say]. */
const ATTACKS: Array<[string, string, string, () => string, string]> = [
  ['999 aliases of a 100 000-field mapping (1 MB)', 'validate', 'alias1m.yaml', () => aliasedFields(100_000, 999), 'separators'],
  ['999 aliases of a 50 000-field mapping (534 KB)', 'validate', 'alias534k.yaml', () => aliasedFields(50_000, 999), 'aliases'],
  ['999 aliases of a 20 000-field mapping (200 KB), run', 'run', 'alias200k.yaml', () => aliasedFields(20_000, 999), 'aliases'],
  ['a 5 MB YAML flow list of 2.6 M items', 'validate', 'dense.yaml', () => denseList(false), 'write the file as JSON'],
  ['a 5 MB JSON list of 2.6 M items', 'validate', 'dense.json', () => denseList(true), `more than ${MAX_VALUES} values`],
  ['a JSON mapping of 200 000 fields', 'validate', 'fields.json',
    () => JSON.stringify({ name: 'x', data: Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, {}])) }), `more than ${MAX_FIELDS} fields`],
  ['60 000 bad events (240 000 problems)', 'validate', 'bad.json', () => badEvents, 'were not checked'],
  ['master capacity 0.000001/s', 'run', 'capacity.yaml',
    () => `name: x\nduration: 60s\ncluster: { master: { capacity: 0.000001/s }, followers: [ { name: f, lag: 1s } ] }\nworkload: { keys: 10, writeRate: 5/s, readRate: 20/s }\n`,
    'capacity'],
];

// ---
const attacks = suite(`attacks: exit 2, one line per problem, under a ${HEAP_MB} MB heap`);

for (const [attack, command, name, text, mention] of ATTACKS) {
  attacks(attack, () => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text());
    const t0 = performance.now();
    const out = command === 'run' ? ['--out', path.join(dir, 'report')] : [];
    const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, bin, command, file, ...out], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
    const ms = performance.now() - t0;
    const context = `${attack}: status ${r.status}, signal ${r.signal}, ${ms.toFixed(0)} ms\n${r.stderr.slice(0, 2000)}`;
    assert.is(r.status, 2, context);
    assert.ok(ms < LIMIT_MS, context);
    assert.not.match(r.stderr, /\n\s+at |Error\b/, context);
    assert.ok(r.stderr.split('\n').filter((l) => l !== '').every((l) => l.startsWith('lagsim: ')), context);
    assert.ok(r.stderr.includes(mention), `expected "${mention}": ${context}`);
  });
}

attacks.after(() => fs.rmSync(dir, { recursive: true, force: true }));
attacks.run();

// ---
const small = suite('smaller input problems: messages a person can act on');

/** The problem lines parseScenario throws for `text`, or null when it accepts it. */
function problems(text: string, label: string): string[] | null {
  try {
    parseScenario(text, label);
    return null;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.problems;
  }
}

small('a data key with a space says what a key name is', () => {
  const lines = problems(`name: x\n${OK}\ndata: { "red apple": { stock: 1 } }\n`, 'x.yaml') ?? [];
  assert.is(lines.length, 1, lines.join('\n'));
  assert.match(lines[0], /^x\.yaml: data\["red apple"\]: expected a key name of 1–64 characters without spaces.*, got "red apple"$/);
});

small('a byte-order mark before JSON, and CR-only line breaks in YAML, are read', () => {
  assert.is(problems(`\uFEFF{"name": "x", "cluster": {"followers": [{"name": "f", "lag": "1s"}]}}`, 'x.json'), null);
  const lf = `name: x\n${OK}\nduration: 2s\n`;
  assert.is(problems(lf.replace(/\n/g, '\r'), 'x.yaml'), null);
  assert.equal(parseScenario(lf.replace(/\n/g, '\r'), 'x.yaml').horizonUs, parseScenario(lf, 'x.yaml').horizonUs);
});

small('two YAML documents are named as such', () => {
  assert.equal(problems(`name: x\n---\n${OK}\n`, 'x.yaml'),
    ['x.yaml:2:1: the file holds more than one YAML document (a "---" line starts another); a scenario is one document']);
});

small('deep nesting is one line, however many levels the parser unwinds', () => {
  for (const open of ['[', '{a: ']) {
    const text = `name: x\ncluster: ${open.repeat(1000)}${open === '[' ? ']'.repeat(1000) : '}'.repeat(1000)}\n`;
    const lines = problems(text, 'x.yaml') ?? [];
    assert.is(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], 'nested too deeply');
  }
});

small('an alias inside the mapping it names is a cycle, refused', () => {
  assert.equal(problems(`name: x\n${OK}\ndata: &d { a: { b: *d } }\n`, 'x.yaml'),
    ['x.yaml: the YAML aliases (*name) expand to too much data; write the values out, or use fewer aliases']);
});

small('the separator count stops at its limit and counts inside quotes', () => {
  assert.is(yamlSeparators('a: "x,y"\n- [b]'), 5);
  assert.is(yamlSeparators(','.repeat(10 * MAX_YAML_SEPARATORS)), MAX_YAML_SEPARATORS + 1);
});

small.run();

// ---
const large = suite('large scenarios people run stay accepted');

large('10 M operations: 1 000 s at 1 000 writes/s and 9 000 reads/s, 1 000 sessions, 10 000 keys, with a report', () => {
  const text = `name: x\nduration: 1000s\n${OK}\nworkload: { keys: 10000, sessions: 1000, writeRate: 1000/s, readRate: 9000/s }\n`;
  assert.is(problems(text, 'x.yaml'), null);
});

large('20 min at 2 000 writes/s and 30 days at 5 writes/s run, with a report (its data are fixed by its bins)', () => {
  assert.is(parseScenario(writes('20m', '2000/s'), 'x.yaml').horizonUs, 1200e6);
  assert.is(parseScenario(writes('43200m', '5/s'), 'x.yaml').horizonUs, 43200 * 60e6);
});

large('a master at 0.00005/s: slow, but its drain fits', () => {
  const text = `name: x\nduration: 60s\ncluster: { master: { capacity: 0.00005/s }, followers: [ { name: f, lag: 1s } ] }\nworkload: { keys: 10, writeRate: 5/s, readRate: 20/s }\n`;
  assert.is(problems(text, 'x.yaml'), null);
});

large('100 000 scripted events in JSON, 60 000 data rows in YAML', () => {
  const events = Array.from({ length: 100_000 }, (_, i) => ({ at: `${i}ms`, actor: `u${i % 100}`, read: `k${i % 1000}` }));
  const data = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, {}]));
  const json = JSON.stringify({ name: 'x', duration: '100s', cluster: { followers: [{ name: 'f', lag: '1s' }] }, data, events });
  assert.is(parseScenario(json, 'x.json').events.length, 100_000);
  const rows = Array.from({ length: 60_000 }, (_, i) => `  k${i}: {}`).join('\n');
  assert.is(parseScenario(`name: x\n${OK}\ndata:\n${rows}\n`, 'x.yaml').keyNames.length, 60_000);
});

large.run();
