import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import { Binlog } from '../model/binlog';
import { MASTER } from '../strategies';
import { formatClock, formatDuration, usToMs } from '../engine/time';

/** `stock=400` — a row as the narration prints it. */
export function formatRow(row: Row | null, version: number): string {
  if (row === null) return version === 0 ? '(no row)' : `v${version}`;
  const entries = Object.entries(row);
  return entries.length === 0 ? '{}' : entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ');
}

/** The master's side of a stale read: the bare value for one-field rows ("master has 0"). */
export function formatMasterValue(row: Row | null, version: number): string {
  if (row !== null) {
    const values = Object.values(row);
    if (values.length === 1) return typeof values[0] === 'string' ? values[0] : JSON.stringify(values[0]);
  }
  return formatRow(row, version);
}

export function nodeName(sc: Scenario, node: number): string {
  return node === MASTER ? 'master' : sc.followers[node].name;
}

/** One narrated line per operation (and per binlog apply, indented), in simulated-time order. */
export function narrator(sc: Scenario, print: (line: string) => void, withApplies = true): SimObserver {
  const observer: SimObserver = {
    op(r: OpRecord) {
      const who = sc.sessionNames[r.session];
      const key = sc.keyNames[r.key];
      const at = `t=${formatClock(r.tUs)}`;
      if (r.op === 'write') {
        print(`${at} ${who} write ${key} @master → ${formatRow(r.value, r.version)} (v${r.version}, binlog #${r.pos}, GTID ${Binlog.gtid(r.pos)})`);
        return;
      }
      const what = `${at} ${who} read ${key}${r.critical ? ' (critical)' : ''} @${nodeName(sc, r.node)} → ${formatRow(r.value, r.version)}`;
      if (r.version < r.masterVersion) {
        print(`${what} STALE (master has ${formatMasterValue(r.masterValue, r.masterVersion)} since ${formatClock(r.staleSinceUs)})`);
      } else {
        print(`${what} fresh`);
      }
    },
  };
  if (withApplies) {
    observer.apply = (a: ApplyRecord) => {
      print(`${`t=${formatClock(a.tUs)}`}   ${sc.followers[a.follower].name} applies binlog #${a.pos}: ${sc.keyNames[a.key]} v${a.version} (committed ${formatClock(a.commitUs)}, lag ${formatDuration(a.tUs - a.commitUs)})`);
    };
  }
  return observer;
}

/** JSON Lines, one object per operation, fields as DESIGN.md fixes them plus a few more. */
export function jsonLines(sc: Scenario, print: (line: string) => void): SimObserver {
  return {
    op(r: OpRecord) {
      const stale = r.version < r.masterVersion;
      const name = sc.sessionNames[r.session];
      const rec: Record<string, unknown> = {
        t: usToMs(r.tUs), actor: name, session: name, op: r.op, key: sc.keyNames[r.key], node: nodeName(sc, r.node),
        value: r.value, version: r.version, stale,
      };
      if (r.op === 'read') {
        rec.critical = r.critical;
        rec.masterVersion = r.masterVersion;
        if (stale) rec.stalenessMs = usToMs(r.tUs - r.staleSinceUs);
        rec.latencyMs = usToMs(r.latencyUs);
      } else {
        rec.binlogPos = r.pos;
        rec.gtid = Binlog.gtid(r.pos);
      }
      print(JSON.stringify(rec));
    },
  };
}
