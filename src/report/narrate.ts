import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import { Binlog } from '../model/binlog';
import { MASTER } from '../strategies';
import { formatClock, formatDuration, usToMs } from '../engine/time';
import { Lang, t } from '../i18n';
import { template } from '../i18n/template';
import { printable } from './printable';

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

/** What a stale verdict needs of a read. */
export interface StaleFacts {
  version: number;
  masterVersion: number;
  masterValue: Row | null;
  staleSinceUs: number;
  masterSinceUs: number;
}

/**
 * The stale verdict: "master has 0 since 1.000s" — or, when the master's value is newer
 * than the write the answer first missed, both moments: since when the master has shown
 * its value, and since when the answer has been out of date (the next version's commit).
 * `prefix` picks the catalogue's narration or diagram wording; `what` is the answer.
 */
export function staleAnswer(lang: Lang, prefix: 'narrate' | 'diagram', what: string, r: StaleFacts): string {
  const vars = { what, master: formatMasterValue(r.masterValue, r.masterVersion), since: formatClock(r.staleSinceUs) };
  if (r.masterSinceUs === r.staleSinceUs) return t(lang, `${prefix}.stale`, vars);
  // A row without content is shown as its version already; a value is shown with it.
  const master = r.masterValue === null ? vars.master : `${vars.master} (v${r.masterVersion})`;
  return t(lang, `${prefix}.staleBehind`, { ...vars, master, masterSince: formatClock(r.masterSinceUs), next: r.version + 1 });
}

export function nodeName(sc: Scenario, node: number): string {
  return node === MASTER ? 'master' : sc.followers[node].name;
}

/** One narrated line per operation (and per binlog apply, indented), in simulated-time order. */
export function narrator(sc: Scenario, print: (line: string) => void, withApplies = true, lang: Lang = 'en'): SimObserver {
  const tpl = {
    write: template(t(lang, 'narrate.write')), read: template(t(lang, 'narrate.read')), critical: t(lang, 'narrate.critical'),
    fresh: template(t(lang, 'narrate.fresh')), apply: template(t(lang, 'narrate.apply')),
  };
  const observer: SimObserver = {
    op(r: OpRecord) {
      const who = sc.sessionNames[r.session];
      const key = sc.keyNames[r.key];
      const at = `t=${formatClock(r.tUs)}`;
      if (r.op === 'write') {
        print(tpl.write({ at, who, key, row: formatRow(r.value, r.version), version: r.version, pos: r.pos, gtid: Binlog.gtid(r.pos) }));
        return;
      }
      const what = tpl.read({ at, who, key, critical: r.critical ? tpl.critical : '', node: nodeName(sc, r.node), row: formatRow(r.value, r.version) });
      if (r.version < r.masterVersion) {
        print(staleAnswer(lang, 'narrate', what, r));
      } else {
        print(tpl.fresh({ what }));
      }
    },
  };
  if (withApplies) {
    observer.apply = (a: ApplyRecord) => {
      print(tpl.apply({
        at: `t=${formatClock(a.tUs)}`, follower: sc.followers[a.follower].name, pos: a.pos, key: sc.keyNames[a.key], version: a.version,
        commit: formatClock(a.commitUs), lag: formatDuration(a.tUs - a.commitUs),
      }));
    };
  }
  return observer;
}

/** Three-digit fractions with their trailing zeros dropped: "500" → "5", "050" → "05". */
const FRACTIONS = Array.from({ length: 1000 }, (_, f) => String(f).padStart(3, '0').replace(/0+$/, ''));

/**
 * usToMs(us) as JavaScript prints it, from whole numbers: printing a fractional double is
 * far slower, and a trace prints three per line. Below 2^40 µs the three-decimal form is
 * the shortest that reads back as the same double, which is what JavaScript prints.
 */
export function msText(us: number): string {
  const r = Math.round(us);
  if (!(r >= 0 && r < 2 ** 40)) return String(usToMs(us));
  const whole = Math.floor(r / 1000);
  const f = r - whole * 1000;
  return f === 0 ? `${whole}` : `${whole}.${FRACTIONS[f]}`;
}

/** `text` as a JSON string, safe for a terminal (printable applied once, here, not per line). */
function jsonText(text: string): string {
  return printable(JSON.stringify(text));
}

/**
 * JSON Lines, one object per operation, fields as docs/design.md lists them, exactly as
 * JSON.stringify would write them. Lines are assembled from parts encoded once (names,
 * known rows) rather than by JSON.stringify per line, which a trace of millions of lines
 * pays for; every line is already printable (no control character reaches a terminal).
 */
export function jsonLines(sc: Scenario, print: (line: string) => void): SimObserver {
  const who = sc.sessionNames.map((n) => {
    const name = jsonText(n);
    return `,"actor":${name},"session":${name}`;
  });
  const keys = sc.keyNames.map(jsonText);
  const followers = sc.followers.map((f) => jsonText(f.name));
  const master = jsonText('master');
  const rows = new Map<Row, string>();
  const rowJson = (row: Row | null): string => {
    if (row === null) return 'null';
    let text = rows.get(row);
    if (text === undefined) rows.set(row, (text = printable(JSON.stringify(row))));
    return text;
  };
  return {
    op(r: OpRecord) {
      const stale = r.version < r.masterVersion;
      const node = r.node === MASTER ? master : followers[r.node];
      const head = `{"t":${msText(r.tUs)}${who[r.session]},"op":"${r.op}","key":${keys[r.key]},"node":${node},"value":${rowJson(r.value)},"version":${r.version},"stale":${stale}`;
      if (r.op === 'read') {
        const staleness = stale ? `,"stalenessMs":${msText(r.tUs - r.staleSinceUs)}` : '';
        print(`${head},"critical":${r.critical},"masterVersion":${r.masterVersion}${staleness},"latencyMs":${msText(r.latencyUs)}}`);
      } else {
        print(`${head},"binlogPos":${r.pos},"gtid":"${Binlog.gtid(r.pos)}"}`);
      }
    },
  };
}
