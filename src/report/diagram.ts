import type { StoryTrace, StoryStep, ReadStep } from './storyTrace';
import type { Row } from '../model/master';
import { formatClock, formatDuration } from '../engine/time';
import { formatRow, staleAnswer } from './narrate';
import { Lang, t } from '../i18n';

/**
 * The scripted story as an SVG sequence diagram, drawn like the Mermaid diagram of the
 * seed problem (seller → management service → master ⇢ follower ← query service ← user)
 * but from a real run: every arrow is a recorded step with its simulated time, the
 * binlog shipping is a dashed arrow from the commit to the apply it really had, and a
 * stale read is red. Time runs downwards in step order (not to scale), each group of
 * arrows labelled with its simulated time. Pure string building: runs in node and in
 * the browser lab alike, and needs no script or font from the network.
 */

const COL_W = 170;
const GUTTER = 76;
const ROW_H = 30;
const HEAD_H = 58;
const RED = '#c62828';
const GREEN = '#2e7d32';
const AMBER = '#f9a825';

interface Column {
  id: string;
  label: string;
  x: number;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Participants left to right: writers, management service, master, followers, query service, readers. */
function columns(tr: StoryTrace, lang: Lang): Column[] {
  const readers = tr.actors.filter((a) => !tr.writers.includes(a));
  const hasReads = tr.steps.some((s) => s.kind === 'read');
  const ids: Array<[string, string]> = [
    ...tr.writers.map((a): [string, string] => [`actor:${a}`, a]),
    ...(tr.writers.length > 0 ? [['pms', t(lang, 'diagram.pms')] as [string, string]] : []),
    ['master', t(lang, 'diagram.master')],
    ...tr.followers.map((f): [string, string] => [`node:${f}`, t(lang, 'diagram.follower', { name: f })]),
    ...(hasReads ? [['pqs', t(lang, 'diagram.pqs')] as [string, string]] : []),
    ...readers.map((a): [string, string] => [`actor:${a}`, a]),
  ];
  return ids.map(([id, label], i) => ({ id, label, x: GUTTER + COL_W / 2 + i * COL_W }));
}

const valueOf = (row: Row | null, version: number): string => formatRow(row, version);

type ArrowOpts = { dashed?: boolean; color?: string; labelAt?: 'from' | 'to' };

/**
 * A horizontal message arrow with its label above it. Arrows longer than a column
 * cross other lifelines; their label sits by the actor's end (labelAt) so it stays readable.
 */
function arrow(from: number, to: number, y: number, label: string, opts: ArrowOpts = {}): string {
  const color = opts.color ?? '#333';
  const dir = to > from ? 1 : -1;
  let text = `x="${(from + to) / 2}" text-anchor="middle"`;
  if (Math.abs(to - from) > COL_W * 1.5 && opts.labelAt !== undefined) {
    const end = opts.labelAt === 'from' ? from : to;
    const inward = (opts.labelAt === 'from' ? dir : -dir) * 12;
    text = `x="${end + inward}" text-anchor="${inward > 0 ? 'start' : 'end'}"`;
  }
  return `<line x1="${from}" y1="${y}" x2="${to - dir * 2}" y2="${y}" stroke="${color}" stroke-width="1.6"${opts.dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
    `<path d="M${to} ${y} l${-dir * 9} -5 v10 z" fill="${color}"/>` +
    `<text ${text} y="${y - 6}" fill="${color}" class="msg">${esc(label)}</text>`;
}

/** A participant's name on one or two lines, split at the space nearest the middle. */
function headLabel(label: string, cx: number, cy: number): string {
  if (label.length <= 16 || !label.includes(' ')) return `<text x="${cx}" y="${cy + 5}" text-anchor="middle" class="head">${esc(label)}</text>`;
  const mid = label.length / 2;
  let cut = -1;
  for (let i = 0; i < label.length; i++) if (label[i] === ' ' && (cut < 0 || Math.abs(i - mid) < Math.abs(cut - mid))) cut = i;
  return `<text x="${cx}" y="${cy - 3}" text-anchor="middle" class="head">${esc(label.slice(0, cut))}` +
    `<tspan x="${cx}" dy="16">${esc(label.slice(cut + 1))}</tspan></text>`;
}

/** Renders the trace; `id` prefixes element ids so several diagrams can share a page. */
export function sequenceDiagramSvg(tr: StoryTrace, lang: Lang, id = 'seq'): string {
  if (tr.steps.length === 0) return `<p class="diagram-empty">${esc(t(lang, 'diagram.empty'))}</p>`;
  const cols = columns(tr, lang);
  const x = (cid: string): number => cols.find((c) => c.id === cid)!.x;
  const nodeCol = (node: string): string => (node === 'master' ? 'master' : `node:${node}`);
  const body: string[] = [];
  const over: string[] = [];
  const commitY = new Map<number, number>();
  let y = HEAD_H + 16;
  let lastT = -1;

  tr.steps.forEach((s: StoryStep, i) => {
    if (s.tUs !== lastT) {
      body.push(`<text x="8" y="${y + 4}" class="time">${formatClock(s.tUs)}</text>`);
      lastT = s.tUs;
    }
    const attrs = stepAttrs(s, i);
    if (s.kind === 'write') {
      const from = x(`actor:${s.actor}`);
      const value = valueOf(s.value, s.version);
      body.push(`<g ${attrs}>`, arrow(from, x('pms'), y, t(lang, 'diagram.writeRequest', { key: s.key, value }), { labelAt: 'from' }));
      y += ROW_H;
      body.push(arrow(x('pms'), x('master'), y, t(lang, 'diagram.update', { key: s.key, value })),
        `<circle cx="${x('master')}" cy="${y}" r="4" fill="#333"/>`,
        `<text x="${x('master') - 8}" y="${y + 15}" text-anchor="end" class="small">${esc(t(lang, 'diagram.commit', { version: s.version, pos: s.pos }))}</text></g>`);
      commitY.set(s.pos, y);
      y += ROW_H + 14;
    } else if (s.kind === 'read') {
      body.push(readGroup(s, attrs, y, x(`actor:${s.actor}`), x('pqs'), x(nodeCol(s.node)), lang));
      y += 4 * ROW_H + 8;
    } else {
      const fx = x(`node:${s.follower}`);
      const cy = commitY.get(s.pos);
      body.push(`<g ${attrs}>`);
      if (cy !== undefined) {
        const mx = x('master');
        // The lag: the follower's lifeline from the commit to the apply, and the binlog event crossing it.
        over.push(`<rect x="${fx - 6}" y="${cy}" width="12" height="${y - cy}" fill="${AMBER}" fill-opacity="0.35" stroke="${AMBER}"/>`,
          `<text x="${fx + 10}" y="${cy + 16}" class="small lag">${esc(t(lang, 'diagram.lag', { lag: formatDuration(s.tUs - s.commitUs) }))}</text>`,
          `<line x1="${mx}" y1="${cy}" x2="${fx - 3}" y2="${y - 2}" stroke="#555" stroke-width="1.4" stroke-dasharray="6 4" marker-end="url(#${id}-tip)"/>`,
          `<text x="${(mx + fx) / 2 + 6}" y="${(cy + y) / 2}" class="small">${esc(t(lang, 'diagram.binlog', { pos: s.pos }))}</text>`);
      }
      body.push(`<circle cx="${fx}" cy="${y}" r="5" fill="${AMBER}" stroke="#333"/>`,
        `<text x="${fx + 10}" y="${y + 4}" class="small">${esc(t(lang, 'diagram.apply', { pos: s.pos, key: s.key, version: s.version }))}</text></g>`);
      y += ROW_H;
    }
  });

  if (tr.truncated) {
    body.push(`<text x="${GUTTER}" y="${y + 4}" class="small">${esc(t(lang, 'diagram.truncated', { n: tr.steps.length }))}</text>`);
    y += ROW_H;
  }
  const width = GUTTER + cols.length * COL_W + 60;
  const height = y + 30;
  const head = cols.map((c) => {
    const actor = c.id.startsWith('actor:');
    return `<line x1="${c.x}" y1="${HEAD_H}" x2="${c.x}" y2="${height - 34}" stroke="#999" stroke-dasharray="3 3"/>` +
      `<rect x="${c.x - COL_W / 2 + 8}" y="8" width="${COL_W - 16}" height="${HEAD_H - 16}" rx="${actor ? 20 : 4}" fill="${actor ? '#e8eaf6' : '#f5f5f5'}" stroke="#555"/>` +
      headLabel(c.label, c.x, HEAD_H / 2);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="sequence" id="${id}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">` +
    `<defs><marker id="${id}-tip" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>` +
    `<style>#${id} text{font-family:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif;font-size:12px}` +
    `#${id} .head{font-weight:600;font-size:13px}#${id} .small{font-size:11px;fill:#444}#${id} .time{font-size:11px;fill:#666;font-family:monospace}#${id} .lag{fill:#8d6e00}` +
    `#${id} .msg,#${id} .small{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>` + head.join('') + over.join('') + body.join('') +
    `<text x="8" y="${height - 10}" class="small">${esc(t(lang, 'diagram.legend'))}</text></svg>`;
}

/** A read: request, query on the routed node, the answer back — red when stale. */
function readGroup(s: ReadStep, attrs: string, y: number, actorX: number, pqsX: number, nodeX: number, lang: Lang): string {
  const value = valueOf(s.value, s.version);
  const color = s.stale ? RED : GREEN;
  const answer = s.stale
    ? staleAnswer(lang, 'diagram', value, s)
    : t(lang, 'diagram.fresh', { value });
  const left = Math.min(actorX, nodeX, pqsX) - 30;
  const right = Math.max(actorX, nodeX, pqsX) + 30;
  const band = s.stale ? `<rect x="${left}" y="${y - 20}" width="${right - left}" height="${4 * ROW_H}" fill="${RED}" fill-opacity="0.07" rx="6"/>` : '';
  return `<g ${attrs}>${band}` +
    arrow(actorX, pqsX, y, t(lang, s.critical ? 'diagram.readRequestCritical' : 'diagram.readRequest', { key: s.key }), { labelAt: 'from' }) +
    arrow(pqsX, nodeX, y + ROW_H, t(lang, 'diagram.select', { key: s.key })) +
    arrow(nodeX, pqsX, y + 2 * ROW_H, value, { dashed: true, color }) +
    arrow(pqsX, actorX, y + 3 * ROW_H, answer, { dashed: true, color, labelAt: 'to' }) + '</g>';
}

/** data-* attributes of a step's group: what tests compare with the trace. */
function stepAttrs(s: StoryStep, i: number): string {
  const a: Record<string, string | number> = { class: `step ${s.kind}`, 'data-step': i, 'data-kind': s.kind, 'data-t-us': s.tUs };
  if (s.kind === 'write') Object.assign(a, { 'data-actor': s.actor, 'data-key': s.key, 'data-node': 'master', 'data-version': s.version, 'data-pos': s.pos });
  else if (s.kind === 'read') Object.assign(a, { 'data-actor': s.actor, 'data-key': s.key, 'data-node': s.node, 'data-version': s.version, 'data-stale': String(s.stale) });
  else Object.assign(a, { 'data-node': s.follower, 'data-key': s.key, 'data-version': s.version, 'data-pos': s.pos, 'data-commit-us': s.commitUs });
  return Object.entries(a).map(([k, v]) => `${k}="${esc(String(v))}"`).join(' ');
}
