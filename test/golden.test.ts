import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { GOLDENS_FILE, Goldens, ROOT, Watch, bundledScenarios, computeGoldens } from '../scripts/goldens';
import { InvariantCheck, invariantCheck } from './invariants';
import { BundledRun, reasonsSuite } from './reasons';
import { Summary } from '../src/metrics/summary';
import { Scenario } from '../src/scenario/types';

/**
 * Same scenario + seed → the same bytes (in CI on each Node version) as the committed
 * goldens. test/reproducible.test.ts and reproducible-sweep.test.ts check that those bytes
 * are what the CLI prints, run after run, across processes, worker counts and shards.
 *
 * Two more suites ride on the same simulations, so every bundled scenario × strategy is
 * simulated once for all three: the invariants of test/invariants.ts (on the scenario
 * files directly under scenarios/) and the report's reasons of test/reasons.ts (on the
 * summaries, every strategy's as `lagsim run` prints them).
 */

const scenarioDir = path.join(ROOT, 'scenarios');
const invariantFiles = fs.readdirSync(scenarioDir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(scenarioDir, f));
/** Scenario file → the invariant checks of its strategies, filled by the golden pass. */
const checks = new Map<string, InvariantCheck[]>(invariantFiles.map((f) => [f, []]));
/** Scenario file → its scenario and the one-strategy summaries of its strategies, filled by the golden pass. */
const summaries = new Map<string, { sc: Scenario; parts: Summary[] }>();

const watch: Watch = (file, sc, spec) => {
  let entry = summaries.get(file);
  if (entry === undefined) summaries.set(file, (entry = { sc, parts: [] }));
  const check = checks.has(file) ? invariantCheck(sc, spec) : undefined;
  if (check !== undefined) checks.get(file)!.push(check);
  const { parts } = entry;
  return { observer: check?.observer, done: (summary) => { parts.push(summary); check?.done(summary); } };
};

let pass: { goldens: Goldens } | { error: unknown } | undefined;
/** The goldens as computed now, with the invariant checks riding along (computed once). */
function goldenPass(): Goldens {
  if (pass === undefined) {
    try {
      pass = { goldens: computeGoldens(watch) };
    } catch (error) {
      pass = { error };
    }
  }
  if ('error' in pass) throw pass.error;
  return pass.goldens;
}

// ---
const golden = suite('goldens: every bundled scenario × strategy as committed in test/goldens.json');

golden('trace and summary hashes match (regenerate deliberately with npm run goldens)', () => {
  assert.ok(fs.existsSync(GOLDENS_FILE), 'test/goldens.json is missing: run npm run goldens and commit it');
  const committed = (JSON.parse(fs.readFileSync(GOLDENS_FILE, 'utf8')) as { node: string; goldens: Goldens });
  const now = goldenPass();
  const diffs: string[] = [];
  for (const file of new Set([...Object.keys(committed.goldens), ...Object.keys(now)])) {
    const was = committed.goldens[file];
    const is = now[file];
    if (was === undefined) { diffs.push(`${file}: new scenario, not in the goldens`); continue; }
    if (is === undefined) { diffs.push(`${file}: in the goldens but no longer bundled`); continue; }
    for (const label of new Set([...Object.keys(was), ...Object.keys(is)])) {
      const a = was[label];
      const b = is[label];
      if (a === undefined) diffs.push(`${file} · ${label}: new strategy`);
      else if (b === undefined) diffs.push(`${file} · ${label}: strategy gone`);
      else {
        if (a.trace !== b.trace) diffs.push(`${file} · ${label}: trace differs (${a.operations} → ${b.operations} operations)`);
        if (a.summary !== b.summary) diffs.push(`${file} · ${label}: summary differs`);
      }
    }
  }
  const pairs = Object.values(now).reduce((n, g) => n + Object.keys(g).length, 0);
  console.log(`goldens: ${Object.keys(now).length} scenarios, ${pairs} scenario × strategy pairs on Node ${process.version} (goldens made on ${committed.node})`);
  assert.ok(diffs.length === 0, `results changed — if that is deliberate, run npm run goldens and commit test/goldens.json:\n  ${diffs.join('\n  ')}`);
});

golden.run();

// ---
const inv = suite('invariants on bundled scenarios');

for (const file of invariantFiles) {
  inv(path.basename(file), () => {
    goldenPass();
    const fileChecks = checks.get(file) ?? [];
    assert.ok(fileChecks.length > 0);
    for (const check of fileChecks) if (check.failure !== null) assert.unreachable(check.failure);
  });
}

inv.run();

// ---
/** Each bundled scenario's summary over all its strategies: their one-strategy summaries' results, in order. */
function bundledRuns(): BundledRun[] {
  goldenPass();
  return [...summaries].map(([file, { sc, parts }]) => ({ file, sc, summary: { ...parts[0], results: parts.flatMap((p) => p.results) } }));
}

reasonsSuite(bundledScenarios(), bundledRuns).run();
