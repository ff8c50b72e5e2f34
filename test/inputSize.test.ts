import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseScenario } from '../src/scenario/load';
import { InputError } from '../src/scenario/errors';
import { MAX_YAML_SEPARATORS, yamlSeparators } from '../src/scenario/inputSize';

/**
 * The smaller input problems, and the large scenarios that must stay accepted. The attacks
 * of the hardening review (huge generated files run under a small heap) are in
 * test/fuzz-input-attacks.test.ts.
 */
const OK = 'cluster: { followers: [ { name: f, lag: 1s } ] }';

const writes = (duration: string, rate: string): string =>
  `name: x\nduration: ${duration}\n${OK}\nworkload: { keys: 100, writeRate: ${rate}, readRate: 0/s }\n`;

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
