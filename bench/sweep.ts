import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, withOthersLoad } from './measure';
import { WORKLOADS, scenarioDoc } from './workloads';
import { planSweep } from '../src/sweep/plan';
import { sweepTasks } from '../src/sweep/run';

/** `lagsim sweep` on 1 and 2 workers, and as 2 shards merged, on the same plan. */
export interface SweepMeasure {
  /** The runs the sweep made (lagsim's own sweepTasks: a strategy the value does not touch runs once). */
  tasks: number;
  /** Simulated operations over the whole sweep. */
  ops: number;
  oneWorkerS: number;
  twoWorkersS: number;
  /** 1 worker and 2 workers printed the same bytes. */
  identical: boolean;
  /** `lagsim merge` of the two shards printed the same bytes as the single-machine sweep. */
  shardsIdentical: boolean;
  /** Cores other processes kept busy during the 2-worker sweep (see withOthersLoad). */
  otherCores: number | null;
}

/**
 * The follower's lag, which every strategy depends on: each of the 8 values reruns both
 * strategies, 16 runs of equal length. (A strategy parameter such as the post-write window
 * reruns only its own strategy: 9 runs, which two workers can share at best 5 and 4, so
 * the speed-up would measure the split, not the pool.)
 */
export const SWEEP_PARAM = 'cluster.followers[0].lag=10ms..200ms';
export const SWEEP_STEPS = 8;

function lagsim(args: string[]): { wallS: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'lagsim.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`lagsim ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr.trim()}`);
  return { wallS, stdout: r.stdout };
}

/**
 * Workload (b), all-follower and post-write-window, the follower's lag swept over 8 values:
 * 16 runs of `opsPerRun` operations. Times are whole `lagsim sweep` processes, as a
 * user sees them (start-up and worker threads included). Each worker thread loads
 * lagsim and warms its JIT up once (about 0.2 s), so runs much shorter than a second
 * cannot show the full speed-up.
 */
export function measureSweeps(opsPerRun: number): SweepMeasure {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-bench-'));
  try {
    const file = path.join(dir, 'sweep.json');
    fs.writeFileSync(file, JSON.stringify(scenarioDoc(WORKLOADS[1], opsPerRun, ['all-follower', 'post-write-window'])));
    const common = [file, '--param', SWEEP_PARAM, '--steps', String(SWEEP_STEPS), '--json', '--no-report'];
    const one = lagsim(['sweep', ...common, '--workers', '1']);
    const { value: two, otherCores } = withOthersLoad(() => lagsim(['sweep', ...common, '--workers', '2']));
    const shards = [1, 2].map((i) => {
      const out = path.join(dir, `shard-${i}.json`);
      lagsim(['sweep', file, '--param', SWEEP_PARAM, '--steps', String(SWEEP_STEPS), '--workers', '1', '--shard', `${i}/2`, '--out', out]);
      return out;
    });
    const merged = lagsim(['merge', ...shards, '--json', '--no-report']);
    const tasks = sweepTasks(planSweep(file, SWEEP_PARAM, SWEEP_STEPS), 1).tasks.length;
    return {
      tasks,
      ops: tasks * opsPerRun,
      oneWorkerS: one.wallS,
      twoWorkersS: two.wallS,
      identical: one.stdout === two.stdout,
      shardsIdentical: merged.stdout === one.stdout,
      otherCores,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
