import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** What bench/child.js prints for a simulation. */
export interface SimMeasure {
  strategy: string;
  ops: number;
  reads: number;
  staleReads: number;
  staleRate: number;
  masterReadShare: number;
  /** Operations held while their session's previous one was outstanding, per operation. */
  heldShare: number;
  wallS: number;
  cpuS: number;
  opsPerSec: number;
  opsPerCpuSec: number;
  peakRssMB: number;
  /** The whole summary (metrics/summary.ts), for comparing with the loop with every statistic. */
  summary: Record<string, unknown>;
}

/** What bench/child.js prints for the hold model. */
export interface HoldMeasure {
  size: number;
  events: number;
  eventsPerSec: number;
  eventsPerCpuSec: number;
  peakRssMB: number;
}

/** What bench/simpy_peer.py prints. */
export interface SimpyMeasure {
  ops: number;
  reads: number;
  staleReads: number;
  staleRate: number;
  wallSeconds: number;
  cpuSeconds: number;
  opsPerSec: number;
  peakRssMB: number;
}

export const ROOT = path.join(__dirname, '..');
export const PYTHON = '/usr/bin/python3';

/** Every measurement also says how many cores other processes kept busy meanwhile (null: unknown). */
export interface Loaded { otherCores: number | null }

function runJson<T>(cmd: string, args: string[]): T & Loaded {
  const { value: r, otherCores } = withOthersLoad(() => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 }));
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} … failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as T), otherCores };
}

/** One simulation in a fresh node process (the scenario's first strategy). */
export function measureSim(doc: Record<string, unknown>): SimMeasure & Loaded {
  return runJson<SimMeasure>(process.execPath, [path.join('bench', 'child.js'), 'sim', JSON.stringify(doc)]);
}

export function measureHold(size: number, events: number): HoldMeasure & Loaded {
  return runJson<HoldMeasure>(process.execPath, [path.join('bench', 'child.js'), 'hold', String(size), String(events)]);
}

/** What bench/child.js prints for the ceiling loop (bench/ceiling.js). */
export interface CeilingMeasure {
  ops: number;
  reads: number;
  staleReads: number;
  staleRate: number;
  opsPerSec: number;
  opsPerCpuSec: number;
  peakRssMB: number;
}

export function measureCeiling(model: Record<string, unknown>): CeilingMeasure & Loaded {
  return runJson<CeilingMeasure>(process.execPath, [path.join('bench', 'child.js'), 'ceiling', JSON.stringify(model)]);
}

/** What bench/child.js prints for the loop with every statistic (bench/ceilingStats.js). */
export interface CeilingStatsMeasure {
  ops: number;
  summary: Record<string, unknown>;
  opsPerSec: number;
  opsPerCpuSec: number;
  peakRssMB: number;
}

export function measureCeilingStats(model: Record<string, unknown>): CeilingStatsMeasure & Loaded {
  return runJson<CeilingStatsMeasure>(process.execPath, [path.join('bench', 'child.js'), 'ceiling-stats', JSON.stringify(model)]);
}

export function measureSimpy(args: string[]): SimpyMeasure & Loaded {
  return runJson<SimpyMeasure>(PYTHON, [path.join('bench', 'simpy_peer.py'), ...args]);
}

/** True when SimPy 2 imports under /usr/bin/python3. */
export function hasSimpy(): boolean {
  return spawnSync(PYTHON, ['-c', 'import SimPy.Simulation'], { stdio: 'ignore' }).status === 0;
}

/** Installs python3-simpy through the project's install script; false when that is not possible here. */
export function installSimpy(): boolean {
  const r = spawnSync('bash', [path.join('scripts', 'install-deps.sh'), '--bench'], { cwd: ROOT, stdio: 'inherit' });
  return r.status === 0 && hasSimpy();
}

/** CPU ticks (1/100 s) the whole machine spent busy, and those of this process and its finished children. */
function ticks(): { busy: number; ours: number; at: bigint } | null {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const busy = cpu.reduce((a, b) => a + b, 0) - cpu[3] - cpu[4];
    // Fields after the command name (which may contain spaces): utime stime cutime cstime are 14–17.
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return { busy, ours: f[11] + f[12] + f[13] + f[14], at: process.hrtime.bigint() };
  } catch {
    return null;
  }
}

/**
 * Runs `fn` and tells how many cores *other* processes kept busy meanwhile, on average
 * (Linux; null elsewhere) — the machine is shared, and a number measured while others
 * held a core says so.
 */
export function withOthersLoad<T>(fn: () => T): { value: T; otherCores: number | null } {
  const before = ticks();
  const value = fn();
  const after = ticks();
  if (before === null || after === null) return { value, otherCores: null };
  const seconds = Number(after.at - before.at) / 1e9;
  const others = (after.busy - before.busy - (after.ours - before.ours)) / 100;
  return { value, otherCores: Math.max(0, others / seconds) };
}

/** Runs `measure` `repeat` times; returns every result (the caller takes the median and the spread). */
export function repeated<T>(repeat: number, measure: () => T): T[] {
  return Array.from({ length: repeat }, measure);
}

/** Median and range of a number over repeated results. */
export interface Spread { median: number; min: number; max: number }

export function spread<T>(results: T[], get: (r: T) => number): Spread {
  const xs = results.map(get).sort((a, b) => a - b);
  const mid = xs.length >> 1;
  const median = xs.length % 2 === 1 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
  return { median, min: xs[0], max: xs[xs.length - 1] };
}

/** What `/usr/bin/time` tells of one lagsim command. */
export interface CommandMeasure {
  wallS: number;
  cpuS: number;
  peakRssMB: number;
}

/**
 * Runs `node bin/lagsim.js …args` as a user would, under /usr/bin/time (wall, CPU of the
 * whole process, peak RSS); standard output goes to `stdoutFile` (or is discarded).
 */
export function measureCommand(args: string[], stdoutFile: string | null = null): CommandMeasure & Loaded {
  const fd = stdoutFile === null ? 'ignore' : fs.openSync(stdoutFile, 'w');
  try {
    const { value: r, otherCores } = withOthersLoad(() => spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, path.join(ROOT, 'bin', 'lagsim.js'), ...args],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 24 }));
    const line = r.stderr.split('\n').find((l) => l.startsWith('BENCH '));
    if (r.status !== 0 || line === undefined) throw new Error(`lagsim ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    const [wallS, user, sys, rssKB] = line.slice(6).split(' ').map(Number);
    return { wallS, cpuS: user + sys, peakRssMB: rssKB / 1024, otherCores };
  } finally {
    if (typeof fd === 'number') fs.closeSync(fd);
  }
}
