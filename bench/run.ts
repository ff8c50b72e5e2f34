/**
 * `npm run bench`: lagsim's speed and memory on the standard workloads, the kernel's
 * ceiling (hold model), a SimPy peer of workload (b), and `lagsim sweep` on 1 and 2
 * workers — one table, with the performance targets (docs/benchmarks.md) checked from this run's numbers.
 *
 *   npm run bench                       full run (10 M operations per case, ~3 minutes)
 *   npm run bench -- --quick            1 M operations per case, no 100 M run (~40 s)
 *   npm run bench -- --repeat 3         each measurement 3 times: median [min–max]
 *   npm run bench -- --json out.json    also write every raw measurement
 *   npm run bench -- --report-only      only the report workload rows (with --quick: 1 M operations)
 *
 * The report workload (bench/workloads.ts, reportScenarioDoc) is measured as a user runs
 * it: `lagsim run` with and without its report and `lagsim trace --json` into a file, the
 * whole command under /usr/bin/time; its targets are the report's size and extra time.
 *
 * Every measurement runs alone in a fresh single-threaded process (bench/child.js for
 * lagsim, /usr/bin/python3 for SimPy), one after another, so "per second" is per core.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WORKLOADS, STRATEGIES, scenarioDoc, ceilingModel, ceilingStatsModel, simpyArgs, reportScenarioDoc, opsPerSimSec, OPS_PER_SIM_SEC, READ_SHARE, LAG_MS, KEYS, ZIPF, CAUSAL_OPS_PER_SESSION_SEC } from './workloads';
import { CeilingMeasure, CeilingStatsMeasure, CommandMeasure, HoldMeasure, Loaded, SimMeasure, SimpyMeasure, Spread, hasSimpy, installSimpy, measureCeiling, measureCeilingStats, measureCommand, measureHold, measureSim, measureSimpy, repeated, spread } from './measure';
import { staleRateSE, theoryStaleRate } from './staleTheory';
import { SweepMeasure, measureSweeps } from './sweep';
import { Row, Target, formatTable, formatTargets, rate } from './report';

interface Options { ops: number; bigOps: number | null; peerOps: number; holdEvents: number; repeat: number; json: string | null; reportOnly: boolean }

function options(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const at = (flag: string): string | null => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] ?? null : null);
  const repeat = Number(at('--repeat') ?? 1);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 20) throw new Error('--repeat: expected a whole number from 1 to 20');
  return {
    ops: quick ? 1_000_000 : 10_000_000,
    bigOps: quick ? null : 100_000_000,
    peerOps: quick ? 300_000 : 2_000_000,
    holdEvents: quick ? 2_000_000 : 10_000_000,
    repeat,
    json: at('--json'),
    reportOnly: argv.includes('--report-only'),
  };
}

const log = (line: string): boolean => process.stderr.write(`bench: ${line}\n`);

/** ", while other processes kept 0.8 cores busy" when they did (over 0.2 cores), else "". */
function busyNote(ms: Loaded[]): string {
  const o = others(ms);
  return o !== null && o.median > 0.2 ? `, while other processes kept ${o.median.toFixed(1)} cores busy` : '';
}

/** The speed-up of `tasks` equal runs on 2 workers when nothing else costs: the busier worker makes ⌈tasks / 2⌉. */
function idealSpeedup(tasks: number): number {
  return tasks / Math.ceil(tasks / 2);
}

/** Spread of the other processes' load over measurements; null when it could not be read. */
function others(ms: Loaded[]): Spread | null {
  return ms.some((m) => m.otherCores === null) ? null : spread(ms, (m) => m.otherCores!);
}

function main(): void {
  const o = options(process.argv.slice(2));
  const raw: Record<string, unknown> = { options: o, node: process.version };
  const rows: Row[] = [];
  const targets: Target[] = [];
  if (o.reportOnly) {
    benchReport(o, rows, targets, raw);
    process.stdout.write(`${formatTable(rows, o.repeat)}\n\n${formatTargets(targets)}\n`);
    if (o.json !== null) fs.writeFileSync(o.json, JSON.stringify({ ...raw, targets }, null, 2) + '\n');
    return;
  }

  // Kernel ceiling: the hold model on lagsim's event queue, at a small and a large queue.
  const holds: Array<[number, Array<HoldMeasure & Loaded>]> = [];
  for (const size of [1, 1000, 100_000]) {
    log(`hold model, queue ${size}`);
    const ms = repeated(o.repeat, () => measureHold(size, o.holdEvents));
    holds.push([size, ms]);
    rows.push({ group: 'kernel', name: `hold model, ${size.toLocaleString('en')} queued`, ops: o.holdEvents, rate: spread(ms, (m) => m.eventsPerSec),
      cpuRate: spread(ms, (m) => m.eventsPerCpuSec), rssMB: spread(ms, (m) => m.peakRssMB), others: others(ms), note: 'events' });
  }
  raw.hold = holds;

  // The standard workloads × strategies, each next to the hand-tuned loop of the same
  // workload at the same rate (bench/ceiling.js), measured alternately so both see the
  // same machine; all-follower also next to that loop with every statistic
  // (bench/ceilingStats.js). Causal runs at its own rate (opsPerSimSec), so its ceiling
  // runs stay out of the ceiling row and its stale-count check.
  const sims: Record<string, Array<SimMeasure & Loaded>> = {};
  const ceilings: Record<string, Array<CeilingMeasure & Loaded>> = {};
  const statsLoops: Record<string, Array<CeilingStatsMeasure & Loaded>> = {};
  const allFollowerCeilings: Record<string, Array<CeilingMeasure & Loaded>> = {};
  for (const w of WORKLOADS) {
    const ceiling: Array<CeilingMeasure & Loaded> = [];
    for (const s of STRATEGIES) {
      const opsRate = opsPerSimSec(w, s);
      log(`${w.title} × ${s}, ${o.ops.toLocaleString('en')} operations, and the hand-tuned loop${s === 'all-follower' ? 's' : ''}`);
      const pairs = repeated(o.repeat, (): [SimMeasure & Loaded, CeilingMeasure & Loaded] => {
        const pair: [SimMeasure & Loaded, CeilingMeasure & Loaded] = [measureSim(scenarioDoc(w, o.ops, [s], opsRate)), measureCeiling(ceilingModel(w, o.ops, opsRate))];
        if (s === 'all-follower') (statsLoops[w.id] ??= []).push(measureCeilingStats(ceilingStatsModel(w, o.ops)));
        return pair;
      });
      const ms = pairs.map(([m]) => m);
      if (opsRate === OPS_PER_SIM_SEC) ceiling.push(...pairs.map(([, c]) => c));
      if (s === 'all-follower') allFollowerCeilings[w.id] = pairs.map(([, c]) => c);
      sims[`${w.id}/${s}`] = ms;
      // Per CPU second, each lagsim run over the ceiling run beside it.
      const ratio = spread(pairs, ([m, c]) => m.opsPerCpuSec / c.opsPerCpuSec);
      const rateNote = opsRate === OPS_PER_SIM_SEC ? '' : `; ${rate(opsRate)} ops per simulated s, held ${(100 * ms[0].heldShare).toFixed(1)} %`;
      rows.push({ group: w.title, name: s, ops: ms[0].ops, rate: spread(ms, (m) => m.opsPerSec), cpuRate: spread(ms, (m) => m.opsPerCpuSec),
        rssMB: spread(ms, (m) => m.peakRssMB), others: others(ms),
        note: `${(100 * ratio.median).toFixed(0)} % of ceiling; stale ${(100 * ms[0].staleRate).toFixed(1)} %, master ${(100 * ms[0].masterReadShare).toFixed(1)} %${rateNote}` });
      targets.push({ what: `${w.title} ${s}: ops per CPU second ÷ hand-tuned loop's`, want: '≥ 70 %', got: `${(100 * ratio.median).toFixed(0)} %`, ok: ratio.median >= 0.7 });
    }
    ceilings[w.id] = ceiling;
    rows.push({ group: w.title, name: 'ceiling: hand-tuned loop', ops: ceiling[0].ops, rate: spread(ceiling, (m) => m.opsPerSec), cpuRate: spread(ceiling, (m) => m.opsPerCpuSec),
      rssMB: spread(ceiling, (m) => m.peakRssMB), others: others(ceiling), note: `stale ${(100 * ceiling[0].staleRate).toFixed(1)} %, stale count only` });
    const same = ceiling.every((c) => c.staleReads === sims[`${w.id}/all-follower`][0].staleReads);
    targets.push({ what: `${w.title}: hand-tuned loop's stale reads = lagsim all-follower's (same model)`, want: 'equal', got: same ? 'equal' : 'DIFFERENT', ok: same });
    statsLoopRows(w.title, statsLoops[w.id], allFollowerCeilings[w.id], sims[`${w.id}/all-follower`], rows, targets);
  }
  raw.sims = sims;
  raw.ceilings = ceilings;
  raw.statsLoops = statsLoops;
  const b = sims['b/all-follower'];
  const bRate = spread(b, (m) => m.opsPerSec);
  targets.push({ what: `(b) all-follower, ${o.ops.toLocaleString('en')} ops: simulated ops per wall-clock second${busyNote(b)}`, want: '≥ 5 M/s', got: rate(bRate.median), ok: bRate.median >= 5e6 });
  // Per-pair state follows the pairs touched: many sessions × many keys cost at most twice (b)'s per operation.
  const e = sims['e/all-follower'];
  const perOp = spread(e.map((m, i): [SimMeasure, SimMeasure] => [b[i], m]), ([bm, em]) => bm.opsPerCpuSec / em.opsPerCpuSec);
  targets.push({ what: '(e) 10k sessions × 100k keys ÷ (b) 100 sessions × 10k keys, all-follower: CPU time per operation', want: '≤ 2×', got: `${perOp.median.toFixed(2)}×`, ok: perOp.median <= 2 });
  const eRss = spread(e, (m) => m.peakRssMB);
  targets.push({ what: `(e) all-follower, ${o.ops.toLocaleString('en')} ops: peak RSS`, want: '< 250 MB', got: `${eRss.median.toFixed(0)} MB`, ok: eRss.median < 250 });
  const kernel = spread(holds[0][1], (m) => m.eventsPerSec);
  const kernelBig = spread(holds[1][1], (m) => m.eventsPerSec);
  targets.push({ what: 'end to end ÷ kernel (hold model, same queue length as the run: 1)', want: '≥ 40 %', got: `${(100 * bRate.median / kernel.median).toFixed(0)} %`, ok: bRate.median >= 0.4 * kernel.median });
  targets.push({ what: 'end to end ÷ kernel (hold model, 1,000 queued)', want: '(context)', got: `${(100 * bRate.median / kernelBig.median).toFixed(0)} %`, ok: null });

  // Memory: the same workload at 1 M, 10 M (above) and 100 M operations.
  const w = WORKLOADS[1];
  const small = repeated(1, () => measureSim(scenarioDoc(w, 1_000_000, ['all-follower'])));
  rows.push({ group: 'memory', name: 'all-follower (b)', ops: small[0].ops, rate: spread(small, (m) => m.opsPerSec), cpuRate: spread(small, (m) => m.opsPerCpuSec), rssMB: spread(small, (m) => m.peakRssMB), others: others(small), note: '' });
  if (o.bigOps !== null) {
    log(`(b) all-follower, ${o.bigOps.toLocaleString('en')} operations (memory)`);
    const big = [measureSim(scenarioDoc(w, o.bigOps, ['all-follower']))];
    raw.big = big;
    rows.push({ group: 'memory', name: 'all-follower (b)', ops: big[0].ops, rate: spread(big, (m) => m.opsPerSec), cpuRate: spread(big, (m) => m.opsPerCpuSec), rssMB: spread(big, (m) => m.peakRssMB), others: others(big), note: '' });
    targets.push({ what: `peak RSS, ${o.bigOps.toLocaleString('en')} ops (1 M: ${small[0].peakRssMB.toFixed(0)} MB, 10 M: ${spread(b, (m) => m.peakRssMB).median.toFixed(0)} MB)`,
      want: '< 200 MB', got: `${big[0].peakRssMB.toFixed(0)} MB`, ok: big[0].peakRssMB < 200 });
  }

  // The SimPy peer, and lagsim on the same model and the same number of operations.
  if (!hasSimpy()) {
    log('SimPy (python3-simpy) missing: installing it with scripts/install-deps.sh --bench');
    installSimpy();
  }
  if (hasSimpy()) {
    log(`SimPy peer, ${o.peerOps.toLocaleString('en')} operations`);
    const peer: Array<[SimMeasure & Loaded, SimpyMeasure & Loaded]> = repeated(o.repeat, () => [measureSim(scenarioDoc(w, o.peerOps, ['all-follower'])), measureSimpy(simpyArgs(o.peerOps))]);
    raw.peer = peer;
    const l = peer.map(([x]) => x);
    const p = peer.map(([, y]) => y);
    rows.push({ group: 'peer (b) all-follower', name: 'lagsim', ops: l[0].ops, rate: spread(l, (m) => m.opsPerSec), cpuRate: spread(l, (m) => m.opsPerCpuSec), rssMB: spread(l, (m) => m.peakRssMB), others: others(l), note: `stale ${(100 * l[0].staleRate).toFixed(2)} %` });
    rows.push({ group: 'peer (b) all-follower', name: 'SimPy 2.3.1 (python3-simpy)', ops: p[0].ops, rate: spread(p, (m) => m.opsPerSec), cpuRate: spread(p, (m) => m.ops / m.cpuSeconds), rssMB: spread(p, (m) => m.peakRssMB), others: others(p), note: `stale ${(100 * p[0].staleRate).toFixed(2)} %` });
    const ratio = spread(peer, ([x, y]) => x.opsPerSec / y.opsPerSec);
    targets.push({ what: `lagsim ÷ SimPy, same model and size, back to back (wall clock)${busyNote(peer.flat())}`, want: '≥ 20×', got: `${ratio.median.toFixed(1)}×${o.repeat > 1 ? ` [${ratio.min.toFixed(1)}–${ratio.max.toFixed(1)}]` : ''}`, ok: ratio.median >= 20 });
    const cpuRatio = spread(peer, ([x, y]) => x.opsPerCpuSec / (y.ops / y.cpuSeconds));
    targets.push({ what: 'lagsim ÷ SimPy, CPU time', want: '(context)', got: `${cpuRatio.median.toFixed(1)}×`, ok: null });
    // Both stale rates against each other, with the standard error that counts correlated reads.
    const model = { keys: KEYS, zipf: ZIPF, readRatePerSec: OPS_PER_SIM_SEC * READ_SHARE, writeRatePerSec: OPS_PER_SIM_SEC * (1 - READ_SHARE), lagSec: LAG_MS / 1000 };
    const seconds = o.peerOps / OPS_PER_SIM_SEC;
    const se = staleRateSE(model, seconds);
    const diff = l[0].staleRate - p[0].staleRate;
    const z = diff / (Math.SQRT2 * se);
    targets.push({ what: `stale rate: lagsim ${(100 * l[0].staleRate).toFixed(3)} %, SimPy ${(100 * p[0].staleRate).toFixed(3)} %, theory ${(100 * theoryStaleRate(model, seconds)).toFixed(3)} % (SE ${(100 * se).toFixed(3)} %)`,
      want: '|z| < 3', got: `z = ${z.toFixed(2)}`, ok: Math.abs(z) < 3 });
  } else {
    targets.push({ what: 'SimPy peer', want: 'runs', got: 'python3-simpy could not be installed', ok: false });
  }

  // lagsim sweep: 1 worker vs 2, and 2 shards merged — identical bytes.
  log('lagsim sweep on 1 and 2 workers, and as 2 shards merged');
  const sweeps: SweepMeasure[] = repeated(o.repeat, () => measureSweeps(o.ops / 2));
  raw.sweep = sweeps;
  const speedup = spread(sweeps, (m) => m.oneWorkerS / m.twoWorkersS);
  rows.push({ group: 'sweep', name: `${sweeps[0].tasks} runs, 1 worker`, ops: sweeps[0].ops, rate: spread(sweeps, (m) => m.ops / m.oneWorkerS), cpuRate: null, rssMB: null, others: null, note: '' });
  rows.push({ group: 'sweep', name: `${sweeps[0].tasks} runs, 2 workers`, ops: sweeps[0].ops, rate: spread(sweeps, (m) => m.ops / m.twoWorkersS), cpuRate: null, rssMB: null, others: others(sweeps), note: `${speedup.median.toFixed(2)}× speed-up (${idealSpeedup(sweeps[0].tasks).toFixed(2)}× if ${sweeps[0].tasks} equal runs split evenly)` });
  const identical = sweeps.every((m) => m.identical && m.shardsIdentical);
  targets.push({ what: `lagsim sweep: 2 workers ÷ 1 worker (wall clock)${busyNote(sweeps)}`, want: '≥ 1.8×', got: `${speedup.median.toFixed(2)}×${o.repeat > 1 ? ` [${speedup.min.toFixed(2)}–${speedup.max.toFixed(2)}]` : ''}`, ok: speedup.median >= 1.8 });
  targets.push({ what: 'sweep output: 1 worker = 2 workers = 2 shards merged', want: 'byte-identical', got: identical ? 'identical' : 'DIFFERENT', ok: identical });

  benchReport(o, rows, targets, raw);

  const labels = STRATEGIES.map((s) => `  ${s}: ${sims[`b/${s}`][0].strategy}`).join('\n');
  const setup = `workloads: ${OPS_PER_SIM_SEC.toLocaleString('en')} ops per simulated second, ${READ_SHARE * 100} % reads, 100 sessions, constant lag ${LAG_MS} ms`
    + ' ((c): 20, 50 and 200 ms; (d) 1,000 sessions, exponential lag, mean 50 ms; (e) 10,000 sessions, 100,000 keys), seed 1;'
    + ` causal at ${CAUSAL_OPS_PER_SESSION_SEC} ops per simulated second per session (at most ${OPS_PER_SIM_SEC.toLocaleString('en')}), against a ceiling at the same rate; strategies with their defaults:`;
  const caveat = o.bigOps === null ? '\n(--quick: runs far shorter than the targets name, so start-up and JIT warm-up weigh on every rate; run without --quick to check them)' : '';
  process.stdout.write(`${formatTable(rows, o.repeat)}\n${setup}\n${labels}\n\n${formatTargets(targets)}${caveat}\n`);
  if (o.json !== null) fs.writeFileSync(o.json, JSON.stringify({ ...raw, targets }, null, 2) + '\n');
}

/**
 * The loop with every statistic beside the ceiling and lagsim all-follower, round i of each
 * measured together: how far computing the statistics keeps a loop from the ceiling, and what
 * lagsim's engine adds to them. Its summary must be lagsim's, every number.
 */
function statsLoopRows(title: string, loops: Array<CeilingStatsMeasure & Loaded>, ceiling: Array<CeilingMeasure & Loaded>, lagsim: Array<SimMeasure & Loaded>, rows: Row[], targets: Target[]): void {
  const ofCeiling = spread(loops.map((l, i): [number, number] => [l.opsPerCpuSec, ceiling[i].opsPerCpuSec]), ([l, c]) => l / c);
  const lagsimShare = spread(loops.map((l, i): [number, number] => [lagsim[i].opsPerCpuSec, l.opsPerCpuSec]), ([m, l]) => m / l);
  rows.push({ group: title, name: 'hand-tuned loop, every statistic', ops: loops[0].ops, rate: spread(loops, (m) => m.opsPerSec), cpuRate: spread(loops, (m) => m.opsPerCpuSec),
    rssMB: spread(loops, (m) => m.peakRssMB), others: others(loops), note: `${(100 * ofCeiling.median).toFixed(0)} % of ceiling; lagsim all-follower ${(100 * lagsimShare.median).toFixed(0)} % of it` });
  const label = (summary: Record<string, unknown>): string => JSON.stringify({ ...summary, strategy: '' });
  const same = loops.every((l) => label(l.summary) === label(lagsim[0].summary));
  targets.push({ what: `${title}: hand-tuned loop with every statistic: summary = lagsim all-follower's`, want: 'equal', got: same ? 'equal' : 'DIFFERENT', ok: same });
  targets.push({ what: `${title}: hand-tuned loop with every statistic ÷ hand-tuned loop (stale count only), per CPU second`, want: '(context)', got: `${(100 * ofCeiling.median).toFixed(0)} %`, ok: null });
}

/**
 * `lagsim run` of the report workload with and without its report, and `lagsim trace
 * --json` of it into a file, each as a user runs them (whole command, /usr/bin/time).
 */
function benchReport(o: Options, rows: Row[], targets: Target[], raw: Record<string, unknown>): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-bench-report-'));
  try {
    const file = path.join(dir, 'report.json');
    fs.writeFileSync(file, JSON.stringify(reportScenarioDoc(o.ops)));
    const out = path.join(dir, 'report');
    log(`lagsim run, ${o.ops.toLocaleString('en')} operations, with and without the report; lagsim trace --json`);
    const runs: Array<{ bare: CommandMeasure & Loaded; report: CommandMeasure & Loaded; htmlMB: number; trace: CommandMeasure & Loaded; lines: number }> = repeated(o.repeat, () => {
      const bare = measureCommand(['run', file, '--no-report', '--json']);
      const report = measureCommand(['run', file, '--json', '--out', out]);
      const htmlMB = fs.statSync(path.join(out, 'index.html')).size / 2 ** 20;
      const traceFile = path.join(dir, 'trace.jsonl');
      const trace = measureCommand(['trace', file, '--json'], traceFile);
      const lines = countLines(traceFile);
      fs.rmSync(traceFile);
      return { bare, report, htmlMB, trace, lines };
    });
    raw.report = runs;
    const row = (name: string, get: (r: (typeof runs)[number]) => CommandMeasure & Loaded, ops: number, note: string): Row => ({
      group: 'report workload', name, ops, rate: spread(runs, (r) => ops / get(r).wallS), cpuRate: spread(runs, (r) => ops / get(r).cpuS),
      rssMB: spread(runs, (r) => get(r).peakRssMB), others: others(runs.map(get)), note,
    });
    rows.push(row('run --no-report', (r) => r.bare, o.ops, ''));
    rows.push(row('run (report)', (r) => r.report, o.ops, `index.html ${runs[0].htmlMB.toFixed(2)} MB`));
    rows.push(row('trace --json > file', (r) => r.trace, runs[0].lines, 'lines (operations and applies)'));
    const html = spread(runs, (r) => r.htmlMB);
    targets.push({ what: `report of ${o.ops.toLocaleString('en')} operations: index.html`, want: '≤ 3 MB', got: `${html.median.toFixed(2)} MB`, ok: html.median <= 3 });
    const extra = (get: (m: CommandMeasure) => number) => spread(runs, (r) => get(r.report) / get(r.bare) - 1);
    const wall = extra((m) => m.wallS);
    const cpu = extra((m) => m.cpuS);
    targets.push({ what: `report time ÷ simulation time (whole command, wall clock)${busyNote(runs.map((r) => r.report))}`, want: '≤ 50 %', got: `${(100 * wall.median).toFixed(0)} %`, ok: wall.median <= 0.5 });
    targets.push({ what: 'report time ÷ simulation time (CPU)', want: '≤ 50 %', got: `${(100 * cpu.median).toFixed(0)} %`, ok: cpu.median <= 0.5 });
    const lps = spread(runs, (r) => r.lines / r.trace.wallS);
    targets.push({ what: `trace --json into a file: lines per second (wall clock)${busyNote(runs.map((r) => r.trace))}`, want: '≥ 1 M/s', got: rate(lps.median), ok: lps.median >= 1e6 });
    const lpcs = spread(runs, (r) => r.lines / r.trace.cpuS);
    targets.push({ what: 'trace --json into a file: lines per CPU second', want: '≥ 1 M/s', got: rate(lpcs.median), ok: lpcs.median >= 1e6 });
    const traceRss = spread(runs, (r) => r.trace.peakRssMB);
    targets.push({ what: `trace --json: peak RSS (run --no-report: ${spread(runs, (r) => r.bare.peakRssMB).median.toFixed(0)} MB)`, want: '< 150 MB', got: `${traceRss.median.toFixed(0)} MB`, ok: traceRss.median < 150 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Newlines in a file, read in chunks (a trace can be gigabytes). */
function countLines(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let n = 0;
  try {
    for (let got; (got = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) for (let i = 0; i < got; i++) if (buf[i] === 0x0a) n++;
  } finally {
    fs.closeSync(fd);
  }
  return n;
}

main();
