#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * One measurement in a fresh process, printed as one JSON line. Plain JavaScript on
 * purpose: nothing but node and the compiled dist/ is loaded, so the timing is the code
 * users run and the peak RSS is lagsim's own (no TypeScript loader in the process).
 *
 *   node bench/child.js sim  '<scenario JSON>'   runs the scenario's first strategy
 *   node bench/child.js hold <queueSize> <events>  the classic hold model on lagsim's kernel
 *   node bench/child.js ceiling '<model JSON>'     the hand-tuned loop of a workload (bench/ceiling.js)
 *   node bench/child.js ceiling-stats '<model JSON>'  the same with every statistic (bench/ceilingStats.js)
 */
const path = require('path');

const dist = path.join(__dirname, '..', 'dist');
const [mode, a, b] = process.argv.slice(2);

/** Wall and CPU seconds since the marks. */
function since(wall0, cpu0) {
  const wallS = Number(process.hrtime.bigint() - wall0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wallS, cpuS: (cpu.user + cpu.system) / 1e6 };
}

const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'sim') {
  const { parseScenario } = require(path.join(dist, 'scenario/load.js'));
  const { simulate } = require(path.join(dist, 'simulate.js'));
  const { summarize } = require(path.join(dist, 'metrics/summary.js'));
  // End to end, as `lagsim run` does it: scenario text → validated scenario → run → summary.
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const sc = parseScenario(a, 'bench.json');
  const spec = sc.strategies[0];
  const { metrics, horizonUs } = simulate(sc, spec, sc.seed);
  const r = summarize(spec.label, metrics, horizonUs);
  const t = since(wall0, cpu0);
  const ops = r.reads + r.writes;
  process.stdout.write(JSON.stringify({
    strategy: r.strategy, ops, reads: r.reads, writes: r.writes, staleReads: r.staleReads, staleRate: r.staleRate,
    masterReadShare: r.masterReadShare, heldShare: r.heldOps / ops, ...t, opsPerSec: ops / t.wallS, opsPerCpuSec: ops / t.cpuS, peakRssMB: peakRssMB(), summary: r,
  }) + '\n');
} else if (mode === 'hold') {
  const { EventQueue } = require(path.join(dist, 'engine/heap.js'));
  const { makeStream, exponential } = require(path.join(dist, 'engine/random.js'));
  const size = Number(a);
  const events = Number(b);
  const rng = makeStream(1, 'hold');
  const q = new EventQueue();
  for (let i = 0; i < size; i++) q.push(Math.round(exponential(rng, 1e6)), 0, i);
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  // Hold: take the earliest event, schedule one new one a random (exponential) time later.
  for (let i = 0; i < events; i++) {
    q.pop();
    q.push(q.time + Math.round(exponential(rng, 1e6)), q.kind, q.arg);
  }
  const t = since(wall0, cpu0);
  process.stdout.write(JSON.stringify({ size, events, ...t, eventsPerSec: events / t.wallS, eventsPerCpuSec: events / t.cpuS, peakRssMB: peakRssMB() }) + '\n');
} else if (mode === 'ceiling' || mode === 'ceiling-stats') {
  const loop = mode === 'ceiling' ? require('./ceiling').ceilingRun : require('./ceilingStats').ceilingStatsRun;
  const wall0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = loop(JSON.parse(a));
  const t = since(wall0, cpu0);
  const stale = r.summary === undefined ? { staleRate: r.staleReads / r.reads } : {};
  process.stdout.write(JSON.stringify({ ...r, ...stale, ...t, opsPerSec: r.ops / t.wallS, opsPerCpuSec: r.ops / t.cpuS, peakRssMB: peakRssMB() }) + '\n');
} else {
  process.stderr.write('usage: node bench/child.js sim <scenario JSON> | hold <queueSize> <events> | ceiling <model JSON> | ceiling-stats <model JSON>\n');
  process.exitCode = 2;
}
