import type { StoryTrace, StoryStep, ReadStep, WriteStep, ApplyStep } from './storyTrace';
import { formatClock, formatDuration } from '../engine/time';
import { formatRow, staleAnswer } from './narrate';
import { Lang, t } from '../i18n';
import { DiagramLayout, FONT, Frame, LINE_H, Lane, nameLineH, Place, Rect, beside, centred, frame, overlaps, textRect, textWidth, toward, wrap } from './diagramLayout';

/**
 * The scripted story as an SVG sequence diagram, drawn like the Mermaid diagram of the
 * seed problem (seller → management service → master ⇢ follower ← query service ← user)
 * but from a real run: every arrow is a recorded step with its simulated time, the
 * binlog shipping is a dashed arrow from the commit to the apply it really had, and a
 * stale read is red. Time runs downwards in step order (not to scale), each group of
 * arrows labelled with its simulated time. Pure string building: runs in node and in
 * the browser lab alike, and needs no script or font from the network.
 *
 * It comes in two renderings of the same steps (diagramLayout.ts): a wide one, a column per
 * participant, and a narrow one that fits a phone's screen. A page gets both and shows the one
 * that fits the screen (sequenceDiagramHtml).
 */

const ROW_H = 30;
const RED = '#c62828';
const GREEN = '#2e7d32';
const AMBER = '#f9a825';
/** Up to this screen width a page shows the narrow rendering: the width the page itself lays out for phones. */
const PHONE_MAX_PX = 600;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Participants left to right, as [id, name]: writers, management service, master, followers, query service, readers. */
function participants(tr: StoryTrace, lang: Lang): Array<[string, string]> {
  const readers = tr.actors.filter((a) => !tr.writers.includes(a));
  const hasReads = tr.steps.some((s) => s.kind === 'read');
  return [
    ...tr.writers.map((a): [string, string] => [`actor:${a}`, a]),
    ...(tr.writers.length > 0 ? [['pms', t(lang, 'diagram.pms')] as [string, string]] : []),
    ['master', t(lang, 'diagram.master')],
    ...tr.followers.map((f): [string, string] => [`node:${f}`, t(lang, 'diagram.follower', { name: f })]),
    ...(hasReads ? [['pqs', t(lang, 'diagram.pqs')] as [string, string]] : []),
    ...readers.map((a): [string, string] => [`actor:${a}`, a]),
  ];
}

/** The drawing under way: the steps' rows go down from `y`. */
interface Draw {
  f: Frame;
  lang: Lang;
  body: string[];
  /** Drawn before the steps, so under them: the lag bars and the binlog arrows. */
  under: string[];
  y: number;
  /** The row of each binlog position's commit. */
  commitY: Map<number, number>;
  /** What the steps' texts and arrows cover: a binlog event's label goes where it covers none. */
  texts: Rect[];
  /** The binlog events' arrows, labelled once every step is drawn: [label, from, to]. */
  binlogs: Array<[string, number[], number[]]>;
}

const laneX = (d: Draw, id: string): number => d.f.lanes.find((l) => l.id === id)!.x;

/** A text of one or more lines, the first at y and each next `dy` below. */
function text(lines: string[], at: Place, y: number, cls: string, fill = '', dy = LINE_H): string {
  const anchor = at.anchor === 'start' ? '' : ` text-anchor="${at.anchor}"`;
  const more = lines.slice(1).map((l) => `<tspan x="${at.x}" dy="${dy}">${esc(l)}</tspan>`).join('');
  return `<text x="${at.x}" y="${y}"${anchor}${fill === '' ? '' : ` fill="${fill}"`} class="${cls}">${esc(lines[0])}${more}</text>`;
}

/** A text's lines within the drawing's width, and the width of the widest. */
function fit(d: Draw, s: string, px: number): { lines: string[]; w: number } {
  const lines = wrap(s, d.f.width - 2 * d.f.margin, px);
  return { lines, w: Math.max(...lines.map((l) => textWidth(l, px))) };
}

/** A step's text, noted in `texts`. */
function put(d: Draw, lines: string[], at: Place, y: number, cls: string, px: number, fill = ''): string {
  d.texts.push(textRect(lines, at, y, Math.max(...lines.map((l) => textWidth(l, px))), px));
  return text(lines, at, y, cls, fill);
}

type ArrowOpts = { dashed?: boolean; color?: string; labelAt?: 'from' | 'to' };

/**
 * A horizontal message arrow on the next row, its label above it; a label of several lines
 * moves the arrow down. Arrows longer than 1.5 lanes cross other lifelines, and a label centred
 * on a short one may not fit the drawing; then it sits by the actor's end (labelAt), readable
 * and beside its actor. Returns the arrow's y.
 */
function message(d: Draw, from: number, to: number, label: string, opts: ArrowOpts = {}): number {
  const color = opts.color ?? '#333';
  const dir = to > from ? 1 : -1;
  const { lines, w } = fit(d, label, FONT.msg);
  d.y += (lines.length - 1) * LINE_H;
  const y = d.y;
  let at = centred(d.f, (from + to) / 2, w);
  if ((Math.abs(to - from) > d.f.pitch * 1.5 || at.anchor !== 'middle') && opts.labelAt !== undefined) {
    at = opts.labelAt === 'from' ? toward(d.f, from, w, 12, dir) : toward(d.f, to, w, 12, dir > 0 ? -1 : 1);
  }
  d.texts.push({ x0: Math.min(from, to), x1: Math.max(from, to), y0: y - 5, y1: y + 5 });
  d.body.push(`<line x1="${from}" y1="${y}" x2="${to - dir * 2}" y2="${y}" stroke="${color}" stroke-width="1.6"${opts.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
    `<path d="M${to} ${y} l${-dir * 9} -5 v10 z" fill="${color}"/>` +
    put(d, lines, at, y - 6 - (lines.length - 1) * LINE_H, 'msg', FONT.msg, color));
  d.y += ROW_H;
  return y;
}

/** The simulated time of the steps that follow: in the gutter (wide), or on a row of its own (narrow). */
function timeMark(d: Draw, tUs: number): void {
  const ownRow = d.f.layout === 'narrow';
  if (ownRow) d.y += 12;
  d.body.push(put(d, [formatClock(tUs)], { x: d.f.margin, anchor: 'start' }, ownRow ? d.y - 20 : d.y + 4, 'time', FONT.time));
}

/** Renders the trace in a layout; `id` prefixes element ids so several diagrams can share a page. */
export function sequenceDiagramSvg(tr: StoryTrace, lang: Lang, id = 'seq', layout: DiagramLayout = 'wide'): string {
  if (tr.steps.length === 0) return `<p class="diagram-empty">${esc(t(lang, 'diagram.empty'))}</p>`;
  const f = frame(participants(tr, lang), layout);
  const d: Draw = { f, lang, body: [], under: [], y: f.headH + 16, commitY: new Map(), texts: [], binlogs: [] };
  let lastT = -1;
  tr.steps.forEach((s: StoryStep, i) => {
    if (s.tUs !== lastT) timeMark(d, s.tUs);
    lastT = s.tUs;
    if (s.kind === 'write') drawWrite(d, s, stepAttrs(s, i));
    else if (s.kind === 'read') drawRead(d, s, stepAttrs(s, i));
    else drawApply(d, s, stepAttrs(s, i), id);
  });
  if (tr.truncated) {
    const { lines } = fit(d, t(lang, 'diagram.truncated', { n: tr.steps.length }), FONT.small);
    d.body.push(text(lines, { x: f.margin, anchor: 'start' }, d.y + 4, 'small'));
    d.y += ROW_H + (lines.length - 1) * LINE_H;
  }
  d.under.push(...d.binlogs.map(([label, from, to]) => binlogLabel(d, label, from, to)));
  return svgDocument(d, id);
}

/**
 * The story for a page: both renderings, the narrow one shown on a phone's screen and the
 * wide one on any other, by CSS alone (the report shows its story without script).
 */
export function sequenceDiagramHtml(tr: StoryTrace, lang: Lang, id: string): string {
  if (tr.steps.length === 0) return sequenceDiagramSvg(tr, lang, id);
  const narrow = `${id}-narrow`;
  return `<style>@media (max-width:${PHONE_MAX_PX}px){#${id}{display:none}}@media not all and (max-width:${PHONE_MAX_PX}px){#${narrow}{display:none}}</style>` +
    sequenceDiagramSvg(tr, lang, id, 'wide') + sequenceDiagramSvg(tr, lang, narrow, 'narrow');
}

/** A participant: its lifeline, and its name in a box (rounded for a person). */
function head(lane: Lane, height: number, px: number): string {
  const { box } = lane;
  const actor = lane.id.startsWith('actor:');
  const lineH = nameLineH(px);
  return `<line x1="${lane.x}" y1="${box.y + box.h + 8}" x2="${lane.x}" y2="${height - 34}" stroke="#999" stroke-dasharray="3 3"/>` +
    `<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="${actor ? Math.min(20, box.w / 2) : 4}" fill="${actor ? '#e8eaf6' : '#f5f5f5'}" stroke="#555"/>` +
    text(lane.lines, { x: lane.x, anchor: 'middle' }, box.y + box.h / 2 + 5 - ((lane.lines.length - 1) * lineH) / 2, 'head', '', lineH);
}

/** The drawing: the participants, then what lies under the steps, the steps and the legend. */
function svgDocument(d: Draw, id: string): string {
  const { f } = d;
  const legend = fit(d, t(d.lang, 'diagram.legend'), FONT.small).lines;
  const height = d.y + 30 + (legend.length - 1) * LINE_H;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="sequence ${f.layout}" id="${id}" width="${f.width}" height="${height}" viewBox="0 0 ${f.width} ${height}" role="img">` +
    `<defs><marker id="${id}-tip" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>` +
    `<style>#${id} text{font-family:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif;font-size:${FONT.msg}px}` +
    `#${id} .head{font-weight:600;font-size:${f.headPx}px}#${id} .small{font-size:${FONT.small}px;fill:#444}#${id} .time{font-size:${FONT.time}px;fill:#666;font-family:monospace}#${id} .lag{fill:#8d6e00}` +
    `#${id} .msg,#${id} .small,#${id} .time{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>` + f.lanes.map((l) => head(l, height, f.headPx)).join('') + d.under.join('') + d.body.join('') +
    text(legend, { x: f.margin, anchor: 'start' }, height - 10 - (legend.length - 1) * LINE_H, 'small') + '</svg>';
}

/** A write: the request to the management service, the UPDATE on the master and its commit. */
function drawWrite(d: Draw, s: WriteStep, attrs: string): void {
  const value = formatRow(s.value, s.version);
  const master = laneX(d, 'master');
  d.body.push(`<g ${attrs}>`);
  message(d, laneX(d, `actor:${s.actor}`), laneX(d, 'pms'), t(d.lang, 'diagram.writeRequest', { key: s.key, value }), { labelAt: 'from' });
  const y = message(d, laneX(d, 'pms'), master, t(d.lang, 'diagram.update', { key: s.key, value }));
  const commit = t(d.lang, 'diagram.commit', { version: s.version, pos: s.pos });
  d.body.push(`<circle cx="${master}" cy="${y}" r="4" fill="#333"/>`,
    put(d, [commit], beside(d.f, master, textWidth(commit, FONT.small), 8, -1), y + 15, 'small', FONT.small), '</g>');
  d.commitY.set(s.pos, y);
  d.y += 14;
}

/** A read: request, query on the routed node, the answer back — red when stale, on a red band. */
function drawRead(d: Draw, s: ReadStep, attrs: string): void {
  const value = formatRow(s.value, s.version);
  const color = s.stale ? RED : GREEN;
  const answer = s.stale ? staleAnswer(d.lang, 'diagram', value, s) : t(d.lang, 'diagram.fresh', { value });
  const actor = laneX(d, `actor:${s.actor}`);
  const pqs = laneX(d, 'pqs');
  const node = laneX(d, s.node === 'master' ? 'master' : `node:${s.node}`);
  const top = d.y - 20;
  // The red band lies under the arrows: its place comes first, filled once their rows are known.
  const band = d.body.push(`<g ${attrs}>`, '') - 1;
  message(d, actor, pqs, t(d.lang, s.critical ? 'diagram.readRequestCritical' : 'diagram.readRequest', { key: s.key }), { labelAt: 'from' });
  message(d, pqs, node, t(d.lang, 'diagram.select', { key: s.key }));
  message(d, node, pqs, value, { dashed: true, color });
  const bottom = message(d, pqs, actor, answer, { dashed: true, color, labelAt: 'to' }) + 10;
  if (s.stale) {
    const left = Math.max(0, Math.min(actor, node, pqs) - 30);
    const right = Math.min(d.f.width, Math.max(actor, node, pqs) + 30);
    d.body[band] = `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="${RED}" fill-opacity="0.07" rx="6"/>`;
  }
  d.body.push('</g>');
  d.y += 8;
}

/**
 * A follower applies a binlog event: under the steps, the lag (the follower's lifeline from the
 * commit to the apply) and the event's dashed arrow crossing it, labelled at the end. The lag's
 * label is at the bar's top (wide), or under the apply's (narrow, where the lanes beside the bar
 * leave no room at its top).
 */
function drawApply(d: Draw, s: ApplyStep, attrs: string, id: string): void {
  const fx = laneX(d, `node:${s.follower}`);
  const { y } = d;
  const cy = d.commitY.get(s.pos);
  const lag = cy === undefined ? '' : t(d.lang, 'diagram.lag', { lag: formatDuration(s.tUs - s.commitUs) });
  const notes: Array<[string, string]> = [[t(d.lang, 'diagram.apply', { pos: s.pos, key: s.key, version: s.version }), 'small']];
  if (lag !== '' && d.f.layout === 'narrow') notes.push([lag, 'small lag']);
  const at = beside(d.f, fx, Math.max(...notes.map(([n]) => textWidth(n, FONT.small))), 10, 1);
  d.body.push(`<g ${attrs}><circle cx="${fx}" cy="${y}" r="5" fill="${AMBER}" stroke="#333"/>`,
    ...notes.map(([n, cls], i) => put(d, [n], at, y + 4 + i * LINE_H, cls, FONT.small)), '</g>');
  if (cy !== undefined) {
    const mx = laneX(d, 'master');
    d.under.push(`<rect x="${fx - 6}" y="${cy}" width="12" height="${y - cy}" fill="${AMBER}" fill-opacity="0.35" stroke="${AMBER}"/>`,
      d.f.layout === 'wide' ? put(d, [lag], beside(d.f, fx, textWidth(lag, FONT.small), 10, 1), cy + 16, 'small lag', FONT.small) : '',
      `<line x1="${mx}" y1="${cy}" x2="${fx - 3}" y2="${y - 2}" stroke="#555" stroke-width="1.4" stroke-dasharray="6 4" marker-end="url(#${id}-tip)"/>`);
    d.binlogs.push([t(d.lang, 'diagram.binlog', { pos: s.pos }), [mx, cy], [fx, y]]);
  }
  d.y += ROW_H + (notes.length - 1) * LINE_H;
}

/** Points along the binlog arrow for its label, as fractions of the way: the middle first. */
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/** A binlog event's label beside its arrow: at the first point along it where it covers no text or arrow, else at the middle. */
function binlogLabel(d: Draw, label: string, [x1, y1]: number[], [x2, y2]: number[]): string {
  const w = textWidth(label, FONT.small);
  const spots = ALONG.flatMap((k) => ([1, -1] as const).map((side) => {
    const y = y1 + k * (y2 - y1);
    return { at: beside(d.f, x1 + k * (x2 - x1), w, 6, side), y };
  }));
  const free = spots.find((s) => !d.texts.some((r) => overlaps(r, textRect([label], s.at, s.y, w, FONT.small))));
  const { at, y } = free ?? spots[0];
  return put(d, [label], at, y, 'small', FONT.small);
}

/** data-* attributes of a step's group: what tests compare with the trace. */
function stepAttrs(s: StoryStep, i: number): string {
  const a: Record<string, string | number> = { class: `step ${s.kind}`, 'data-step': i, 'data-kind': s.kind, 'data-t-us': s.tUs };
  if (s.kind === 'write') Object.assign(a, { 'data-actor': s.actor, 'data-key': s.key, 'data-node': 'master', 'data-version': s.version, 'data-pos': s.pos });
  else if (s.kind === 'read') Object.assign(a, { 'data-actor': s.actor, 'data-key': s.key, 'data-node': s.node, 'data-version': s.version, 'data-stale': String(s.stale) });
  else Object.assign(a, { 'data-node': s.follower, 'data-key': s.key, 'data-version': s.version, 'data-pos': s.pos, 'data-commit-us': s.commitUs });
  return Object.entries(a).map(([k, v]) => `${k}="${esc(String(v))}"`).join(' ');
}
