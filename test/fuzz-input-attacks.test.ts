import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MAX_FIELDS, MAX_VALUES } from '../src/scenario/inputSize';

/**
 * The attacks of the hardening review, each generated here and run as a real
 * `node bin/lagsim.js` under a 256 MB heap: each must end in exit 2 with one line per
 * problem, and within the time the README's reliability section states (measured there
 * on a loaded machine; here a hang detector with room for a slow CI). Adversarial input
 * made in bulk, like the other fuzz files: in the full suite (`npm test`), not in
 * `npm run test:fast`; test/inputSize.test.ts keeps the smaller input problems.
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
