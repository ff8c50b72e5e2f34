import { REPLAY_WRITE, ReplayOps, Scenario } from '../../scenario/types';
import { describeDist } from '../../model/distributions';
import { Incident } from '../../model/follower';
import type { Stage } from '../../workload/stages';
import { formatClock, formatDuration } from '../../engine/time';
import { Lang, lookup, t } from '../../i18n';
import { formatRow } from '../narrate';
import { esc } from './page';
import { descriptionIn, titleIn } from '../../scenario/text';
import { scenarioDocument } from '../../scenario/parse';
import { withoutExercises } from '../../lesson/render';

/** Scripted events beyond this many are left to scenario.json. */
const MAX_EVENTS_SHOWN = 100;

function formatIncident(x: Incident, lang: Lang): string {
  const vars = { at: formatDuration(x.atUs), duration: formatDuration(x.durationUs), extra: formatDuration(x.extraUs), factor: x.factor };
  return t(lang, `scn.incident.${x.type}`, vars);
}

/** The stages in order ("20s at ×1; 20s ramp to ×4; …"), and the factor that holds after them until the horizon. */
function formatStages(stages: readonly Stage[], horizonUs: number, lang: Lang): string {
  const parts = stages.map((s) => t(lang, `scn.stage.${s.shape}`, { duration: formatDuration(s.durationUs), factor: s.factor }));
  const endUs = stages.reduce((sum, s) => sum + s.durationUs, 0);
  if (endUs < horizonUs) parts.push(t(lang, 'scn.stages.after', { factor: stages[stages.length - 1].factor }));
  return parts.join('; ');
}

/** A table of already-escaped cells; `head` null for two-column fact lists. */
function table(head: string[] | null, rows: string[][]): string {
  const thead = head === null ? '' : `<thead><tr>${head.map((h) => `<th class="text">${esc(h)}</th>`).join('')}</tr></thead>`;
  return `<div class="scroll"><table>${thead}
<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td class="text">${c}</td>`).join('')}</tr>`).join('\n')}</tbody></table></div>`;
}

/** Strategies whose parameters mean what another's do (adaptive-window's scope is post-write-window's). */
const SAME_PARAMS: Record<string, string> = { 'adaptive-window': 'post-write-window' };

/**
 * Explanation of a strategy in the reader's language, followed by one sentence per
 * word-valued parameter that has one (`strategy.causal.mode.wait`).
 */
export function explainStrategy(name: string, params: unknown, lang: Lang): string {
  const parts = [lookup(lang, `strategy.${name}`) ?? ''];
  const owner = SAME_PARAMS[name] ?? name;
  for (const [k, v] of Object.entries((params ?? {}) as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    const text = lookup(lang, `strategy.${owner}.${k}.${v}`);
    if (text !== undefined) parts.push(text);
  }
  return parts.join(' ');
}

/** The strategies of the run, each with what it does. */
export function strategiesView(sc: Scenario, lang: Lang): string {
  const items = sc.strategies.map((s) => `<dt>${esc(s.label)}</dt><dd>${esc(explainStrategy(s.name, s.params, lang))}</dd>`);
  return `<dl class="strategies">\n${items.join('\n')}\n</dl>`;
}

/** The scenario as the simulator ran it: every setting, readable, then the parsed file. */
export function scenarioView(sc: Scenario, lang: Lang, runs: number): string {
  const parts: string[] = [];
  const facts: Array<[string, string]> = [
    [t(lang, 'scn.title'), titleIn(sc, lang)],
    [t(lang, 'scn.seed'), runs > 1 ? `${sc.seed} … ${sc.seed + runs - 1}` : String(sc.seed)],
    [t(lang, 'scn.duration'), formatDuration(sc.horizonUs)],
    [t(lang, 'scn.masterReadLatency'), formatDuration(sc.masterReadLatencyUs)],
  ];
  if (sc.masterWriteLatencyUs > 0) facts.push([t(lang, 'scn.masterWriteLatency'), formatDuration(sc.masterWriteLatencyUs)]);
  const description = descriptionIn(sc, lang);
  if (description !== undefined) facts.push([t(lang, 'scn.description'), description]);
  parts.push(table(null, facts.map(([k, v]) => [esc(k), esc(v)])));

  parts.push(`<h3>${esc(t(lang, 'scn.followers'))}</h3>`);
  parts.push(table(
    [t(lang, 'scn.follower'), t(lang, 'scn.lag'), t(lang, 'scn.applyTime'), t(lang, 'scn.readLatency'), t(lang, 'scn.incidents')],
    sc.followers.map((f) => [
      `<code>${esc(f.name)}</code>`, esc(describeDist(f.lag, lang)), esc(f.applyTime === null ? t(lang, 'scn.none') : describeDist(f.applyTime, lang)),
      esc(formatDuration(f.readLatencyUs)), esc(f.incidents.length === 0 ? t(lang, 'scn.none') : f.incidents.map((x) => formatIncident(x, lang)).join('; ')),
    ]),
  ));

  const rows = sc.initialRows.flatMap((row, key) => (row === null ? [] : [[`<code>${esc(sc.keyNames[key])}</code>`, esc(formatRow(row, 0))]]));
  if (rows.length > 0) {
    parts.push(`<h3>${esc(t(lang, 'scn.data'))}</h3>`);
    parts.push(table([t(lang, 'scn.key'), t(lang, 'scn.detail')], rows));
  }

  if (sc.events.length > 0) {
    parts.push(`<h3>${esc(t(lang, 'scn.events'))}</h3>`);
    parts.push(table(
      [t(lang, 'scn.at'), t(lang, 'scn.actor'), t(lang, 'scn.op'), t(lang, 'scn.key'), t(lang, 'scn.detail')],
      sc.events.slice(0, MAX_EVENTS_SHOWN).map((e) => [
        esc(formatClock(e.atUs)), esc(sc.sessionNames[e.session]), esc(t(lang, e.kind === 'write' ? 'scn.write' : 'scn.read')),
        `<code>${esc(sc.keyNames[e.key])}</code>`,
        esc(e.kind === 'write' ? formatRow(e.set, 0) : e.critical ? t(lang, 'scn.critical') : ''),
      ]),
    ));
    if (sc.events.length > MAX_EVENTS_SHOWN) parts.push(`<p class="meta">${esc(t(lang, 'scn.more', { n: sc.events.length - MAX_EVENTS_SHOWN }))}</p>`);
  }

  if (sc.replay !== null) parts.push(replayView(sc.replay, lang));
  const w = sc.workload;
  if (w !== null) {
    parts.push(`<h3>${esc(t(lang, 'scn.workload'))}</h3>`);
    const popularity = w.popularity.kind === 'uniform' ? 'uniform' : `zipf ${w.popularity.s}`;
    parts.push(table(null, [
      [t(lang, 'scn.keys'), String(w.keys)],
      [t(lang, 'scn.popularity'), popularity],
      [t(lang, 'scn.sessions'), String(w.sessions)],
      [t(lang, 'scn.writeRate'), `${w.writeRatePerSec}/s`],
      [t(lang, 'scn.readRate'), `${w.readRatePerSec}/s`],
      [t(lang, 'scn.criticalFraction'), String(w.criticalFraction)],
      ...(w.stages === undefined || w.stages.length === 0 ? [] : [[t(lang, 'scn.stages'), formatStages(w.stages, sc.horizonUs, lang)]]),
    ].map(([k, v]) => [esc(k), esc(v)])));
  }

  // On a lesson's page the document (its lesson block states the findings) shows after the prediction, like the numbers.
  parts.push(`<details class="reveal"><summary>${esc(t(lang, 'scn.json'))}</summary><pre>${esc(JSON.stringify(withoutExercises(scenarioDocument(sc)), null, 2))}</pre></details>`);
  return parts.join('\n');
}

/** The replayed operations in numbers: how many, of which sessions and keys, until when. */
function replayView(r: ReplayOps, lang: Lang): string {
  const n = r.timeUs.length;
  const writes = r.flags.reduce((k, f) => k + (f & REPLAY_WRITE), 0);
  const last = r.timeUs.reduce((m, x) => Math.max(m, x), 0);
  return `<h3>${esc(t(lang, 'scn.replay'))}</h3>` + table(null, [
    [t(lang, 'scn.replayOps'), t(lang, 'scn.replayCount', { n, reads: n - writes, writes })],
    [t(lang, 'scn.sessions'), String(new Set(r.session).size)],
    [t(lang, 'scn.keys'), String(new Set(r.key).size)],
    [t(lang, 'scn.replayLast'), formatDuration(last)],
  ].map(([k, v]) => [esc(k), esc(v)]));
}
