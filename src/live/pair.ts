// A real MariaDB primary + async GTID replica, or a PostgreSQL primary + streaming hot
// standby, on loopback, started on demand for live mode. The heavy lifting is in
// scripts/mariadb-pair.sh and scripts/postgres-pair.sh so the same pair can be driven by hand; this module only starts it, parses its JSON, reads the password
// from the private file the script names, and stops the pair on exit. The script's own
// watchdog stops the pair should this process die without running any exit hook.
import { ChildProcess, execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { EngineKind } from './engines/types';

export interface PairEndpoint {
  host: string;
  port: number;
  socket: string;
}

/** What `mariadb-pair.sh start` (or `postgres-pair.sh start`) prints: everything but the password. */
export interface PairAddress {
  primary: PairEndpoint;
  /** The first replica (`replicas[0]`). */
  replica: PairEndpoint;
  /** Every replica, in the order of their delays (MariaDB; absent: `replica` alone). */
  replicas?: PairEndpoint[];
  user: string;
  /** Holds the password (random per pair), mode 0600; readable by the starter only. */
  passwordFile: string;
  /** The replica account only the harness uses: it may stop and start replication (incidents). */
  adminUser?: string;
  adminPasswordFile?: string;
  /** The database that account connects to (PostgreSQL: `postgres`, where it owns nothing); absent: none. */
  adminDatabase?: string;
  database: string;
  /** Temp folder holding both datadirs and all logs; removed by stopPair. */
  dir: string;
  /** PostgreSQL: the share of one CPU (%) the standby's replay process may use; null or absent: not limited. */
  replayCpuPercent?: number | null;
}

export interface PairInfo extends PairAddress {
  /** Kept in memory only: never printed, never on a command line. */
  password: string;
  adminPassword?: string;
}

// Same relative location from src/live (tsx) and dist/live (compiled).
const SCRIPTS: Record<EngineKind, string> = {
  mariadb: path.join(__dirname, '..', '..', 'scripts', 'mariadb-pair.sh'),
  postgres: path.join(__dirname, '..', '..', 'scripts', 'postgres-pair.sh'),
};

// Every dir that may have servers running, including starts still in flight
// (the running `start` child, if any, and the script that stops it), so an exit
// mid-start cleans up too.
const live = new Map<string, { child: ChildProcess | null; script: string }>();
/** The script that made each pair folder; stopPair finds it here. */
const scriptOf = (dir: string): string => live.get(dir)?.script ?? SCRIPTS.mariadb;
let hooked = false;

/**
 * The script's environment: ours, minus what would change the output of the `node -e`
 * it runs to pick free ports — under a test runner FORCE_COLOR makes console.log print a
 * port as an ANSI-coloured number, which mariadbd rejects.
 */
function scriptEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return env;
}

function runScript(script: string, args: string[], extraEnv?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    // Invoked through bash so a lost exec bit (npm pack, zip) does not matter.
    const child = execFile('bash', [script, ...args], { env: scriptEnv(extraEnv), maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      // The script's last stderr line is its one-line diagnosis.
      const name = path.basename(script, '.sh');
      const last = stderr.trim().split('\n').pop() || err.message;
      reject(new Error(last.startsWith(`${name}:`) ? last : `${name}.sh ${args[0]} failed: ${last}`));
    });
    if (args[0] === 'start') live.set(args[1], { child, script });
  });
}

// Must be synchronous: on 'exit' Node runs no more async work.
function stopAllSync(): void {
  for (const [dir, { child, script }] of live) {
    // SIGTERM first so an in-flight start stops launching; its trap and our stop
    // may overlap, which the script tolerates (stop is idempotent).
    if (child && child.exitCode === null) child.kill('SIGTERM');
    spawnSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'], env: scriptEnv() });
  }
  live.clear();
}

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', stopAllSync);
  // Installing a signal listener disables Node's default exit, so exit explicitly
  // with the conventional 128+signal codes.
  process.once('SIGINT', () => {
    stopAllSync();
    process.exit(130);
  });
  process.once('SIGTERM', () => {
    stopAllSync();
    process.exit(143);
  });
}

/**
 * Starts a pair: MariaDB with MASTER_DELAY `delaySec` (whole seconds) — or one replica per
 * entry of `delaysSec`, each with its MASTER_DELAY — or, with `engine: 'postgres'`,
 * PostgreSQL with recovery_min_apply_delay `delayMs` and, with `replayCpuPercent`, a replay
 * process held to that share of one CPU.
 */
export async function startPair(opts: { engine?: EngineKind; delaySec?: number; delaysSec?: number[]; delayMs?: number; replayCpuPercent?: number } = {}): Promise<PairInfo> {
  const engine = opts.engine ?? 'mariadb';
  const delays = engine === 'postgres' ? [opts.delayMs ?? 0] : opts.delaysSec ?? [opts.delaySec ?? 0];
  if (engine === 'postgres' && opts.delaysSec !== undefined) throw new Error('a PostgreSQL pair has one standby');
  for (const delay of delays) {
    if (!Number.isInteger(delay) || delay < 0) throw new Error(`the ${engine === 'postgres' ? 'delayMs' : 'delaySec'} of a pair must be a whole number >= 0, got ${delay}`);
  }
  if (delays.length === 0) throw new Error('a pair needs at least one replica');
  const delay = delays.join(',');
  hookProcessExit();
  const script = SCRIPTS[engine];
  // Short prefix: the server sockets live inside and unix socket paths max out at 107 bytes.
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'lagsim-pair-'));
  let stdout: string;
  try {
    const delayVar = engine === 'postgres' ? { LAGSIM_APPLY_DELAY_MS: String(delay) } : { LAGSIM_MASTER_DELAY: String(delay) };
    const cpuVar = engine === 'postgres' && opts.replayCpuPercent !== undefined ? { LAGSIM_REPLAY_CPU_PERCENT: String(opts.replayCpuPercent) } : {};
    stdout = await runScript(script, ['start', dir], { ...delayVar, ...cpuVar, LAGSIM_PAIR_OWNER: String(process.pid) });
  } catch (err) {
    // The script already stopped its servers but keeps logs; drop them unless asked
    // to keep them, so repeated failing CI runs do not fill /tmp with datadirs.
    live.delete(dir);
    if (process.env.LAGSIM_KEEP_FAILED_PAIR !== '1') {
      await runScript(script, ['stop', dir]).catch(() => undefined);
      (err as Error).message += '; removed, set LAGSIM_KEEP_FAILED_PAIR=1 to keep them';
    }
    throw err;
  }
  live.set(dir, { child: null, script });
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const address = JSON.parse(line) as PairAddress;
    return {
      ...address,
      password: fs.readFileSync(address.passwordFile, 'utf8').trim(),
      ...(address.adminPasswordFile === undefined ? {} : { adminPassword: fs.readFileSync(address.adminPasswordFile, 'utf8').trim() }),
    };
  } catch (err) {
    await stopPair({ dir });
    throw new Error(`${path.basename(script)} start: no JSON naming a readable password file (${(err as Error).message}): ${JSON.stringify(stdout)}`);
  }
}

/** The pair as it may be shown: the password left out (it stays in `passwordFile`). */
export function pairAddress(info: PairInfo): PairAddress {
  const { primary, replica, replicas, user, passwordFile, adminUser, adminPasswordFile, adminDatabase, database, dir, replayCpuPercent } = info;
  return { primary, replica, replicas, user, passwordFile, adminUser, adminPasswordFile, adminDatabase, database, dir, replayCpuPercent };
}

export async function stopPair(info: Pick<PairInfo, 'dir'>): Promise<void> {
  await runScript(scriptOf(info.dir), ['stop', info.dir]);
  live.delete(info.dir);
}
