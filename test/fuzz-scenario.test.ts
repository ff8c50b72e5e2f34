import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { parseScenario } from '../src/scenario/load';
import { InputError, MAX_PROBLEMS, MAX_PROBLEM_CHARS } from '../src/scenario/errors';
import { FuzzCase, fuzzCase } from './fuzz-cases';

/**
 * Thousands of hostile scenario files through the loader the CLI uses. Each must end in
 * an InputError — exit code 2 in the CLI — whose every line names the file, and the field
 * or phrase the case broke; never another exception, a hang or a memory blow-up.
 * The cases run in a child process under a 1 GB heap, as on a small machine: refusing a
 * file must never need more (the child is this file, run by node with the heap limit).
 * Replay a failure with the printed seed: FUZZ_SEED=… FUZZ_RUNS=… npx uvu -r tsx/cjs test fuzz-scenario
 */
const HEAP_MB = 1024;
const IN_CHILD = process.env.LAGSIM_FUZZ_HEAP_MB === String(HEAP_MB);
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_607);
const RUNS = Number(process.env.FUZZ_RUNS ?? 7000);
/** Hang detectors, not speed targets: a case is a few milliseconds; a hang is minutes. */
const CASE_LIMIT_MS = 15_000;
const RSS_LIMIT_BYTES = 1.5 * 1024 ** 3;

if (IN_CHILD) console.log(`fuzz (scenario files): seed ${SEED}, ${RUNS} cases under a ${HEAP_MB} MB heap — replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

const stats = { cases: 0, rejected: 0, acceptedMaybeValid: 0, slowestMs: 0, slowestKind: '', peakRss: 0, kinds: new Map<string, number>() };

function check(c: FuzzCase): void {
  const t0 = performance.now();
  let problems: string[] | null = null;
  try {
    parseScenario(c.text, c.label);
  } catch (err) {
    if (!(err instanceof InputError)) throw new Error(`${c.kind}: ${c.label} threw ${(err as Error)?.stack ?? String(err)}\n--- text (start) ---\n${c.text.slice(0, 400)}`);
    problems = err.problems;
  }
  const ms = performance.now() - t0;
  stats.cases++;
  stats.kinds.set(c.kind.replace(/:.*/, ''), (stats.kinds.get(c.kind.replace(/:.*/, '')) ?? 0) + 1);
  if (ms > stats.slowestMs) {
    stats.slowestMs = ms;
    stats.slowestKind = c.kind;
  }
  stats.peakRss = Math.max(stats.peakRss, process.memoryUsage.rss());
  const context = `${c.kind} (${c.label}, ${c.text.length} chars): ${c.text.slice(0, 300)}\n--- problems ---\n${(problems ?? ['(accepted)']).join('\n')}`;
  assert.ok(ms < CASE_LIMIT_MS, `took ${ms.toFixed(0)} ms: ${context}`);
  assert.ok(stats.peakRss < RSS_LIMIT_BYTES, `resident memory ${stats.peakRss} bytes: ${context}`);
  if (problems === null) {
    assert.ok(c.maybeValid === true, `accepted a broken file: ${context}`);
    stats.acceptedMaybeValid++;
    return;
  }
  stats.rejected++;
  assert.ok(problems.length >= 1 && problems.length <= MAX_PROBLEMS, context);
  for (const line of problems) {
    assert.ok(line.startsWith(`${c.label}:`) && line.length > c.label.length + 2, `a line not naming the file: ${context}`);
    assert.not.match(line, /[\n\r]/, `a problem spans lines: ${context}`);
    assert.ok(line.length <= MAX_PROBLEM_CHARS, `a problem of ${line.length} chars: ${context}`);
    assert.not.match(line, /\bat \S+ \(|\w+Error\b|Maximum call stack/, `internals leak into the message: ${context}`);
  }
  for (const m of c.mentions) assert.ok(problems.some((line) => line.includes(m)), `no problem mentions "${m}": ${context}`);
}

// ---
const fuzz = suite('fuzz: hostile scenario files → exit-2 messages naming file and field');

fuzz(`${RUNS} generated malformed or hostile files`, () => {
  fc.assert(fc.property(fuzzCase(), check), { seed: SEED, numRuns: RUNS, includeErrorInReport: true });
  const kinds = [...stats.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`fuzz (scenario files): ${stats.cases} cases, ${stats.rejected} rejected with messages, ${stats.acceptedMaybeValid} truncations still valid; `
    + `slowest ${stats.slowestMs.toFixed(0)} ms (${stats.slowestKind}), peak RSS ${(stats.peakRss / 1024 ** 2).toFixed(0)} MB\n  by kind: ${kinds}`);
  assert.ok(stats.cases >= RUNS);
});

const OK_CLUSTER = 'cluster: { followers: [ { name: f, lag: 1s } ] }';
const laughs = ['name: lol', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`)].join('\n');
const manyKeys = (n: number): string => Array.from({ length: n }, (_, i) => `  k${i}: {}`).join('\n');

/** The classic attacks, each once whatever the seed: [kind, label, text, what the message must say]. */
const NAMED: Array<[string, string, string, string]> = [
  ['billion laughs (10^10 "lol"s)', 'x.yaml', laughs, 'aliases'],
  ['YAML nested 100 000 deep (the parser\'s recursion gives out)', 'x.yaml', `name: x\ncluster: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'nested too deeply'],
  ['JSON nested 1 000 000 deep', 'x.json', `{"name": "x", "cluster": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`, 'nested too deeply'],
  ['a 3 MB title', 'x.yaml', `name: x\ntitle: "${'x'.repeat(3_000_000)}"\n${OK_CLUSTER}\n`, 'title: expected at most 200 characters'],
  ['a 6 MB file', 'x.yaml', `name: x\ndescription: "${'x'.repeat(6_000_000)}"\n`, 'limited to'],
  ['a 3 MB field name', 'x.json', `{"name": "x", "${'k'.repeat(3_000_000)}": 1, "cluster": {"followers": [{"name": "f", "lag": "1s"}]}}`, 'unknown field'],
  ['60 000 data rows and one duplicate (the yaml library\'s own check is quadratic: minutes)', 'x.yaml',
    `name: x\n${OK_CLUSTER}\ndata:\n${manyKeys(60_000)}\n  k7: {}\n`, 'data.k7: appears twice'],
  ['60 000 data rows and an unknown field', 'x.yaml', `name: x\n${OK_CLUSTER}\ndata:\n${manyKeys(60_000)}\nbogus: 1\n`, 'bogus: unknown field'],
  ['200 000 data rows in YAML (the yaml library holds 1 KB a value)', 'x.yaml', `name: x\n${OK_CLUSTER}\ndata:\n${manyKeys(200_000)}\n`, 'write the file as JSON'],
  ['JSON duplicate key', 'x.json', '{"name": "x", "name": "y"}', 'name: appears twice'],
  ['a 400-digit rate', 'x.yaml', `name: x\nduration: 1s\n${OK_CLUSTER}\nworkload: { keys: 1, readRate: "${'9'.repeat(400)}/s", writeRate: 1/s }\n`, 'workload'],
  ['a 400-digit duration', 'x.yaml', `name: x\nduration: ${'9'.repeat(400)}s\n${OK_CLUSTER}\n`, 'duration: '],
  ['__proto__ in YAML', 'x.yaml', `name: x\n${OK_CLUSTER}\ndata: { __proto__: { stock: 1 } }\n`, '__proto__'],
  ['__proto__ in JSON', 'x.json', '{"name": "x", "__proto__": {"polluted": 1}}', '__proto__'],
  ['strategy "constructor"', 'x.yaml', `name: x\n${OK_CLUSTER}\nstrategies: [constructor]\n`, 'unknown strategy "constructor"'],
  ['dist "toString"', 'x.yaml', 'name: x\ncluster: { followers: [ { name: f, lag: { dist: toString } } ] }\n', 'lag: dist: expected one of'],
  ['NUL bytes', 'x.yaml', `name: "x\u0000"\n${OK_CLUSTER}\n`, 'name'],
  ['ANSI escapes in a field name', 'x.yaml', `name: x\n"\\e[2J\\e[31mboom": 1\n${OK_CLUSTER}\n`, '\\u001b[2J'],
  ['YAML .nan and .inf', 'x.yaml', `name: x\nseed: .nan\nduration: .inf\n${OK_CLUSTER}\n`, 'seed: expected a number, got NaN'],
  ['two documents', 'x.yaml', `name: x\n---\n${OK_CLUSTER}\n`, 'x.yaml:'],
  ['a binary file', 'x.yaml', String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'x.yaml'],
];

fuzz('named attacks: alias bombs, deep nesting, multi-megabyte strings and files, quadratic duplicate checks', () => {
  for (const [kind, label, text, mention] of NAMED) check({ kind, label, text, mentions: [mention] });
});

// ---
const heap = suite(`fuzz: the hostile corpus under --max-old-space-size=${HEAP_MB}`);

heap('every case in a child process with a 1 GB heap', () => {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '-r', 'tsx/cjs', __filename], {
    encoding: 'utf8', env: { ...process.env, LAGSIM_FUZZ_HEAP_MB: String(HEAP_MB) }, maxBuffer: 64 * 1024 * 1024,
  });
  // Prefixed, so the child's own totals are not read as another run's (.ci/run sums them).
  process.stdout.write(r.stdout.replace(/^(?=.)/gm, '  [1 GB heap] '));
  assert.is(r.status, 0, `the child ended with status ${r.status}, signal ${r.signal}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
});

if (IN_CHILD) fuzz.run();
else heap.run();
