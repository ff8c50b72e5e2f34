// Where the real primary and replica are: URLs from the command line, or the JSON a
// started pair prints. Validated here, at the boundary; everything after trusts it.
import type { PairInfo } from './pair';
import type { EngineKind } from './engines/types';
import { InputError } from '../scenario/errors';
import { at, msg, Problem } from '../i18n/problem';

/** One server as mysql2 or pg is given it, plus how to name it in messages. */
export interface Endpoint {
  role: 'primary' | 'replica';
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** `127.0.0.1:3306`, for messages and reports (never the password). */
  where: string;
}

export interface Endpoints {
  primary: Endpoint;
  /** The first replica (`replicas[0]`). */
  replica: Endpoint;
  /** Every replica, the scenario's followers in order (absent: `replica` alone). */
  replicas?: Endpoint[];
  /**
   * The replica as an account that may stop and start replication, for a scenario's
   * `stop` incidents; only a pair lagsim started has one (the harness alone holds it).
   */
  replicaAdmin?: Endpoint;
}

const DEFAULT_PORTS: Record<EngineKind, number> = { mariadb: 3306, postgres: 5432 };
const SCHEMES: Record<EngineKind, string[]> = { mariadb: ['mysql:', 'mariadb:'], postgres: ['postgres:', 'postgresql:'] };
const SCHEME_OF: Record<EngineKind, string> = { mariadb: 'mysql', postgres: 'postgres' };

/**
 * `mysql://user:password@host:port/database` (or `mariadb://…`; with engine postgres
 * `postgres://…` or `postgresql://…`); the port defaults to 3306 (5432), the database to `lagsim`, the password to `defaultPassword` (so it need not
 * stand on a command line, where every local user can read it). Throws InputError
 * naming the option and the problem.
 */
export function parseEndpointUrl(role: Endpoint['role'], text: string, defaultPassword = '', engine: EngineKind = 'mariadb'): Endpoint {
  const option = `--${role}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError([at(`${option} ${JSON.stringify(withoutPassword(text))}`, msg('v.urlForm'))]);
  }
  // Past a wrong scheme the rest is not read as host and path (`u:secret@h` is scheme `u:`
  // and path `secret@h`), so nothing more is said that might quote it.
  if (!SCHEMES[engine].includes(url.protocol)) throw new InputError([at(option, msg(engine === 'postgres' ? 'v.urlSchemePg' : 'v.urlScheme', { got: `${url.protocol}//` }))]);
  const problems: Problem[] = [];
  const decoded = (part: 'user' | 'password' | 'database', value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      problems.push(at(option, msg('v.urlEscape', { part })));
      return '';
    }
  };
  if (url.hostname === '') problems.push(at(option, msg('v.urlNoHost')));
  if (url.username === '') problems.push(at(option, msg('v.urlNoUser')));
  const port = url.port === '' ? DEFAULT_PORTS[engine] : Number(url.port);
  const user = decoded('user', url.username);
  const password = decoded('password', url.password);
  const database = decoded('database', url.pathname.replace(/^\//, '')) || 'lagsim';
  if (!/^[A-Za-z0-9_]+$/.test(database)) problems.push(at(option, msg('v.urlDatabase', { name: JSON.stringify(database) })));
  if (url.search !== '' || url.hash !== '') problems.push(at(option, msg('v.urlQuery')));
  if (problems.length > 0) throw new InputError(problems);
  // WHATWG URLs keep IPv6 hosts bracketed; the drivers want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    role, host, port, database,
    user,
    password: url.password !== '' ? password : defaultPassword,
    where: `${url.hostname}:${port}`,
  };
}

/**
 * `text` with whatever stands between `scheme://user:` and the last `@` masked, for
 * echoing a URL that did not parse (found by hand, as a URL parser just refused it).
 */
export function withoutPassword(text: string): string {
  const last = text.lastIndexOf('@');
  const scheme = text.indexOf('://');
  const colon = text.indexOf(':', scheme < 0 ? 0 : scheme + 3);
  return last < 0 || colon < 0 || colon > last ? text : `${text.slice(0, colon + 1)}***${text.slice(last)}`;
}

/** A driver's message with the password masked, should the driver ever quote it. */
export function maskPassword(message: string, password: string): string {
  return password === '' ? message : message.split(password).join('***');
}

/** Both servers of a pair started by scripts/mariadb-pair.sh or postgres-pair.sh (TCP on loopback). */
export function pairEndpoints(info: PairInfo): Endpoints {
  const of = (role: Endpoint['role'], user = info.user, password = info.password, database = info.database): Endpoint => {
    const e = info[role];
    return { role, host: e.host, port: e.port, user, password, database, where: `${e.host}:${e.port}` };
  };
  // The admin account has no rights on any database: it connects to none (MariaDB) or to `postgres` (PostgreSQL needs one).
  const admin = info.adminUser === undefined || info.adminPassword === undefined ? {} : { replicaAdmin: of('replica', info.adminUser, info.adminPassword, info.adminDatabase ?? '') };
  const replicas = (info.replicas ?? [info.replica]).map((e): Endpoint => ({ ...of('replica'), host: e.host, port: e.port, where: `${e.host}:${e.port}` }));
  return { primary: of('primary'), replica: replicas[0], ...(replicas.length > 1 ? { replicas } : {}), ...admin };
}

/** Every replica of `e`, in the followers' order. */
export function replicaEndpoints(e: Endpoints): Endpoint[] {
  return e.replicas ?? [e.replica];
}

/** A URL for an endpoint, for printing (password included only when asked). */
export function endpointUrl(e: Endpoint, withPassword = false, engine: EngineKind = 'mariadb'): string {
  const auth = withPassword && e.password !== '' ? `${encodeURIComponent(e.user)}:${encodeURIComponent(e.password)}` : encodeURIComponent(e.user);
  const host = e.host.includes(':') ? `[${e.host}]` : e.host;
  return `${SCHEME_OF[engine]}://${auth}@${host}:${e.port}/${e.database}`;
}
