import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { loadScenarioFile, parseStrategyArg } from '../src/scenario/load';
import { runScenario } from '../src/run';
import { ROOT, bundledScenarios, sha256, summaryText, traceHash } from '../scripts/goldens';
import { cli } from './cli';
import { sampleSize } from './helpers';

/**
 * Same scenario + seed → the same bytes: across runs, across processes and through the CLI.
 * The bytes are the ones test/golden.test.ts compares with the goldens; sweeps across
 * worker counts and shards are in test/reproducible-sweep.test.ts.
 */
const bin = path.join(ROOT, 'bin', 'lagsim.js');
const spawned = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: os.tmpdir(), maxBuffer: 1 << 30, timeout: 120_000 });
/** lagsim as a new process (`fresh`), else through the CLI in this process (test/cli.ts), which has run other things before. */
const lagsim = async (args: string[], fresh: boolean): Promise<{ status: number; stdout: string; stderr: string }> => {
  if (!fresh) return cli(args).then((r) => ({ ...r, status: r.code }));
  const r = spawned(args);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};
const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

// ---
const repeat = suite('reproducible: the same bytes run after run, in-process and through the CLI');

repeat('running a scenario twice in one process changes nothing (no hidden global state)', () => {
  for (const name of ['causal-reads.yaml', 'semi-sync.yaml']) {
    const file = path.join(ROOT, 'scenarios', name);
    if (!fs.existsSync(file)) continue;
    const sc = loadScenarioFile(file);
    for (const spec of sc.strategies.slice(0, sampleSize(3, 1))) {
      const first = [summaryText(sc, spec), traceHash(sc, spec).hash];
      const again = loadScenarioFile(file);
      assert.equal([summaryText(again, spec), traceHash(again, spec).hash], first, `${name} · ${spec.label}`);
    }
  }
});

repeat('lagsim trace --json and run --json print exactly the hashed bytes, in a new process and after other runs', async () => {
  const files = [path.join(ROOT, 'scenarios', 'apple-stock.yaml'), bundledScenarios().find((f) => /causal/.test(f))].filter((f): f is string => f !== undefined);
  for (const [n, file] of files.entries()) {
    const sc = loadScenarioFile(file);
    // Strategies whose label reads back as the same strategy (what --strategy takes).
    const specs = sc.strategies.filter((s) => parseStrategyArg(s.label).label === s.label).slice(0, sampleSize(5, 2));
    assert.ok(specs.length > 0, rel(file));
    for (const [i, spec] of specs.entries()) {
      // One new process per command is enough to see a fresh start print the same bytes. A trace
      // always runs as a process: past a megabyte its bytes come from a thread, which cli() does not capture.
      const fresh = n === 0 && i === 0;
      const trace = await lagsim(['trace', file, '--json', '--strategy', spec.label], true);
      assert.is(trace.status, 0, trace.stderr);
      assert.is(sha256(trace.stdout), traceHash(sc, spec).hash, `${rel(file)} · ${spec.label}: trace`);
      const run = await lagsim(['run', file, '--json', '--no-report', '--strategy', spec.label], fresh);
      assert.is(run.status, 0, run.stderr);
      assert.is(run.stdout, summaryText(sc, spec), `${rel(file)} · ${spec.label}: summary`);
    }
  }
});

repeat('two runs (a new process, and in this process) write byte-identical report folders, whose summary.json is the summary JSON', async () => {
  const file = path.join(ROOT, 'scenarios', 'flash-sale.yaml');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-golden-'));
  try {
    for (const out of ['a', 'b']) {
      const r = await lagsim(['run', file, '--out', path.join(tmp, out)], out === 'a');
      assert.is(r.status, 0, r.stderr);
    }
    const names = fs.readdirSync(path.join(tmp, 'a')).sort();
    assert.equal(fs.readdirSync(path.join(tmp, 'b')).sort(), names);
    assert.ok(names.includes('summary.json'), names.join(' '));
    for (const name of names) {
      assert.ok(fs.readFileSync(path.join(tmp, 'a', name)).equals(fs.readFileSync(path.join(tmp, 'b', name))), `${name} differs between two runs`);
    }
    const summary = JSON.stringify(runScenario(loadScenarioFile(file)), null, 2) + '\n';
    assert.is(fs.readFileSync(path.join(tmp, 'a', 'summary.json'), 'utf8'), summary);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

repeat.run();
