// A real Pgpool-II in front of a started PostgreSQL pair, for playing lagsim's `pgpool`
// strategy live: the strategy's parameters become pgpool.conf (scripts/pgpool.sh), every
// session gets its own connection to Pgpool, as an application would, and Pgpool — not
// lagsim — decides where each read goes. Each read asks the server that answered it for
// its port (inet_server_port() in the same statement), so the primary's share is measured.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import type { PgpoolParams } from '../strategies/pgpool';
import type { Endpoint } from './endpoints';
import type { StoredRow } from './engines/types';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'pgpool.sh');
const CONNECT_TIMEOUT_MS = 10_000;

/** What answered a read through the proxy. */
export interface ProxyAnswer {
  row: StoredRow | null;
  /** Whether the primary answered it (the server's port is the primary's). */
  primary: boolean;
}

/** Reads and writes through a proxy, one connection per session; the proxy routes. */
export interface LiveProxy {
  /** Upserts row `k` on the session's connection; resolves once acknowledged. */
  write(session: number, k: string, json: string | null, version: number): Promise<void>;
  read(session: number, k: string): Promise<ProxyAnswer>;
}

export interface PgpoolAddress {
  host: string;
  port: number;
  primaryPort: number;
  replicaPort: number;
}

/** pgpool.conf's values for a `pgpool` strategy, as scripts/pgpool.sh reads them. */
export function pgpoolEnv(p: PgpoolParams, sessions: number): NodeJS.ProcessEnv {
  return {
    LAGSIM_PGPOOL_DELAY_THRESHOLD: String(p.delayThreshold),
    LAGSIM_PGPOOL_SR_CHECK_PERIOD: String(p.srCheckPeriodUs / 1e6),
    LAGSIM_PGPOOL_ON_WRITE: p.disableLoadBalanceOnWrite,
    // One child per session connection, and a few for the harness and psql's readiness probe.
    LAGSIM_PGPOOL_CHILDREN: String(sessions + 4),
  };
}

function script(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const full: NodeJS.ProcessEnv = { ...process.env, ...env, NO_COLOR: '1' };
  delete full.FORCE_COLOR;
  delete full.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, ...args], { env: full, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const last = stderr.trim().split('\n').pop() || err.message;
      reject(new Error(last.startsWith('pgpool:') ? `pgpool.sh ${last.slice('pgpool:'.length).trim()}` : `pgpool.sh ${args[0]} failed: ${last}`));
    });
  });
}

/** Starts Pgpool-II in front of the pair in `pairDir`, configured as `p`; postgres-pair.sh stop stops it too. */
export async function startPgpool(pairDir: string, p: PgpoolParams, sessions: number): Promise<PgpoolAddress> {
  const out = await script(['start', pairDir], pgpoolEnv(p, sessions));
  return JSON.parse(out.trim().split('\n').pop() ?? '') as PgpoolAddress;
}

export async function stopPgpool(pairDir: string): Promise<void> {
  await script(['stop', pairDir]);
}

/** One replication check as Pgpool logged it: when (unix ms) and how many WAL bytes the standby was behind. */
export interface PgpoolCheck {
  wallMs: number;
  bytes: number;
}

/**
 * The checks in a pgpool.log written with log_standby_delay = always, in order. Pgpool stamps
 * lines in local time to the millisecond, as Date reads a timestamp without a zone.
 */
export function parsePgpoolChecks(log: string): PgpoolCheck[] {
  const checks: PgpoolCheck[] = [];
  const re = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}): .*Replication of node:\s*\d+ is behind (\d+) bytes from the primary/gm;
  for (const m of log.matchAll(re)) checks.push({ wallMs: new Date(`${m[1]}T${m[2]}`).getTime(), bytes: Number(m[3]) });
  return checks;
}

/** The checks the Pgpool in front of the pair in `pairDir` has logged so far. */
export function readPgpoolChecks(pairDir: string): PgpoolCheck[] {
  return parsePgpoolChecks(fs.readFileSync(path.join(pairDir, 'pgpool', 'pgpool.log'), 'utf8'));
}

/** One row always, so the answering server's port is known even when the key is missing there. */
const READ_SQL = (k: string): string => `SELECT inet_server_port() AS port, r.version, r.v FROM (SELECT 1) AS one LEFT JOIN rows_kv r ON r.k = ${k}`;

/** Opens one connection per session to Pgpool, as `user` of the pair. */
export async function openPgpoolProxy(addr: PgpoolAddress, user: Endpoint, sessions: number): Promise<LiveProxy & { close(): Promise<void> }> {
  const clients: Client[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(clients.map((c) => c.end()));
  };
  try {
    for (let s = 0; s < sessions; s++) {
      const c = new Client({ host: addr.host, port: addr.port, user: user.user, password: user.password, database: user.database, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      c.on('error', () => undefined);
      clients.push(c);
      await c.connect();
    }
  } catch (err) {
    await close();
    throw new Error(`Pgpool-II ${addr.host}:${addr.port}: ${(err as Error).message}`);
  }
  // A session's operations go out one after another on its connection, as an application's would.
  const chains: Array<Promise<unknown>> = clients.map(() => Promise.resolve());
  const onSession = <T>(session: number, f: (c: Client) => Promise<T>): Promise<T> => {
    const next = chains[session].then(() => f(clients[session]));
    chains[session] = next.catch(() => undefined);
    return next;
  };
  return {
    write: (session, k, json, version) => onSession(session, async (c) => {
      const value = json === null ? 'NULL' : `${c.escapeLiteral(json)}::jsonb`;
      // One autocommit statement, as lagsim's operations are: Pgpool sends it to the primary.
      await c.query(`INSERT INTO rows_kv (k, v, version) VALUES (${c.escapeLiteral(k)}, ${value}, ${version})
        ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, version = EXCLUDED.version`);
    }),
    read: (session, k) => onSession(session, async (c) => {
      const res = await c.query<{ port: number; version: string | null; v: unknown }>(READ_SQL(c.escapeLiteral(k)));
      const r = res.rows[0];
      if (r.port !== addr.primaryPort && r.port !== addr.replicaPort) throw new Error(`Pgpool-II answered from port ${r.port}, neither the primary's nor the standby's`);
      return { row: r.version === null ? null : { version: Number(r.version), v: r.v }, primary: r.port === addr.primaryPort };
    }),
    close,
  };
}
