import { ApplyRecord, OpRecord, SimObserver } from '../simulate';
import { Scenario } from '../scenario/types';
import { Row } from '../model/master';
import { Binlog } from '../model/binlog';
import { MASTER } from '../strategies';
import { formatClock, formatDuration } from '../engine/time';
import { Lang, t } from '../i18n';
import { template } from '../i18n/template';

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
    write: template(lang, t(lang, 'narrate.write')), read: template(lang, t(lang, 'narrate.read')), critical: t(lang, 'narrate.critical'),
    fresh: template(lang, t(lang, 'narrate.fresh')), apply: template(lang, t(lang, 'narrate.apply')),
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
