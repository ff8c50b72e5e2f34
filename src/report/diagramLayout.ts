/**
 * Where the sequence diagram's participants and text go, in its two renderings. The wide one
 * gives each participant a column of 170 px after a gutter for the simulated times. The narrow
 * one is as wide as a phone's page (a 360 px screen less the page's margins): its lanes are as
 * far apart as their names need, the names sit in boxes on two staggered rows when one row has
 * no room, and its text wraps to the width. The diagram is built as a string, without a browser
 * to measure text in, so text widths are estimated from the characters, on the generous side.
 */

export type DiagramLayout = 'wide' | 'narrow';

export interface Box { x: number; y: number; w: number; h: number }

/** A participant: its lifeline at `x`, its name's lines in `box` above it. */
export interface Lane {
  id: string;
  x: number;
  box: Box;
  lines: string[];
}

export interface Frame {
  layout: DiagramLayout;
  lanes: Lane[];
  width: number;
  /** The participants' boxes end above this; the steps start below it. */
  headH: number;
  /** The distance between neighbouring lanes, on average. */
  pitch: number;
  /** Text keeps this far from the drawing's sides. */
  margin: number;
  /** Font size of the participants' names. */
  headPx: number;
}

/** Font sizes in px: a message's label, small notes, the simulated times. */
export const FONT = { msg: 12, small: 11, time: 11 } as const;
/** Distance between the lines of a wrapped text. */
export const LINE_H = 13;

/** Distance between the lines of a participant's name at font size `px`: its box is as tall as they need. */
export const nameLineH = (px: number): number => px + 3;

const COL_W = 170;
const GUTTER = 76;
const HEAD_H = 58;
/** The page's width at 360 px: main's 12 px padding on each side. */
const NARROW_W = 336;
const NARROW_MARGIN = 4;
/** Neighbouring lanes are at least this far apart, so the arrow between them shows. */
const MIN_PITCH = 36;
/** Between two boxes of a row, and inside a box around its text. */
const BOX_GAP = 6;
const BOX_PAD = 8;
/** A lifeline passing between boxes of the lower row keeps this far from them. */
const CLEAR = 3;

/** Hangul, CJK, and the dashes, arrows and symbols that are as wide in the fonts the diagram names. */
const WIDE_CHAR = /[\u1100-\u11ff\u2010-\u2bff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

/**
 * Estimated width of text at a font size: a wide character 1 em, any other 0.55 em (0.62 em
 * bold), at or above what the fonts the diagram names draw for the Latin letters it shows.
 */
export function textWidth(text: string, px: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += WIDE_CHAR.test(ch) ? 1 : bold ? 0.62 : 0.55;
  return em * px;
}

/** Text broken at spaces into lines no wider than `max`; a longer word keeps a line of its own. */
export function wrap(text: string, max: number, px: number, bold = false): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(`${lines[last]} ${word}`, px, bold) <= max) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The participants, as [id, name] from left to right, placed for a layout. */
export function frame(parts: Array<[string, string]>, layout: DiagramLayout): Frame {
  return layout === 'wide' ? wideFrame(parts) : narrowFrame(parts);
}

function wideFrame(parts: Array<[string, string]>): Frame {
  const headPx = 13;
  const lanes = parts.map(([id, label], i): Lane => {
    const x = GUTTER + COL_W / 2 + i * COL_W;
    const box = { x: x - COL_W / 2 + 8, y: 8, w: COL_W - 16, h: HEAD_H - 16 };
    return { id, x, box, lines: wrap(label, box.w - BOX_PAD, headPx, true) };
  });
  return { layout: 'wide', lanes, width: GUTTER + lanes.length * COL_W + 60, headH: HEAD_H, pitch: COL_W, margin: 8, headPx };
}

/** Lanes on one row of boxes when they fit the width, else on two; spread over the width, each box grown into the room it has. */
function narrowFrame(parts: Array<[string, string]>): Frame {
  const headPx = 11;
  const need = parts.map(([, label]) => Math.max(...label.split(' ').map((w) => textWidth(w, headPx, true))) + BOX_PAD);
  const rows = rightEdge(pack(need, 1), need) <= NARROW_W ? 1 : 2;
  const { xs, width } = spread(pack(need, rows), need);
  const half = halves(xs, need, parts.map(([, label]) => textWidth(label, headPx, true) + BOX_PAD), rows, width);
  const lanes = boxes(parts, xs, half, rows, headPx);
  const headH = Math.max(...lanes.map((l) => l.box.y + l.box.h)) + 8;
  const pitch = (xs[xs.length - 1] - xs[0]) / Math.max(1, xs.length - 1);
  return { layout: 'narrow', lanes, width, headH, pitch, margin: NARROW_MARGIN, headPx };
}

/** Packed lanes moved apart to fill the phone's width; the drawing is wider only when they need more. */
function spread(packed: number[], need: number[]): { xs: number[]; width: number } {
  const right = rightEdge(packed, need);
  const width = Math.max(NARROW_W, right);
  const gaps = Math.max(1, packed.length - 1);
  return { xs: packed.map((x, i) => x + ((width - right) * i) / gaps), width };
}

/** Each lane's name wrapped in its box; a row of boxes is as tall as its name of most lines. */
function boxes(parts: Array<[string, string]>, xs: number[], half: number[], rows: number, headPx: number): Lane[] {
  const lines = parts.map(([, label], i) => wrap(label, 2 * half[i] - BOX_PAD, headPx, true));
  const rowH = [0, 1].map((r) => Math.max(0, ...lines.filter((_, i) => i % rows === r).map((l) => l.length)) * nameLineH(headPx) + 12);
  const top = [8, 8 + rowH[0] + 4];
  return parts.map(([id], i): Lane => {
    const r = i % rows;
    return { id, x: xs[i], box: { x: xs[i] - half[i], y: top[r], w: 2 * half[i], h: rowH[r] }, lines: lines[i] };
  });
}

/** The lower row's lanes, when there are two rows: neighbouring lifelines pass beside their boxes. */
const lower = (i: number, rows: number): boolean => rows === 2 && i % 2 === 1;

/** Lanes placed from the left, each as near its left neighbours as the boxes of width `need` allow. */
function pack(need: number[], rows: number): number[] {
  const xs: number[] = [];
  need.forEach((b, i) => {
    let x = NARROW_MARGIN + b / 2;
    if (i >= 1) x = Math.max(x, xs[i - 1] + MIN_PITCH);
    if (i >= 1 && rows === 2) x = Math.max(x, xs[i - 1] + need[lower(i, rows) ? i : i - 1] / 2 + CLEAR);
    if (i >= rows) x = Math.max(x, xs[i - rows] + (need[i - rows] + b) / 2 + BOX_GAP);
    xs.push(x);
  });
  return xs;
}

function rightEdge(xs: number[], need: number[]): number {
  return Math.max(...xs.map((x, i) => x + need[i] / 2)) + NARROW_MARGIN;
}

/**
 * Each box's half width, from left to right: as wide as its name on one line when there is room,
 * never narrower than `need`, clear of its row's neighbours, the sides and (on the lower row) the
 * lifelines beside it.
 */
function halves(xs: number[], need: number[], full: number[], rows: number, width: number): number[] {
  const half: number[] = [];
  xs.forEach((x, i) => {
    const room = [x - NARROW_MARGIN, width - NARROW_MARGIN - x];
    if (i >= rows) room.push(x - xs[i - rows] - half[i - rows] - BOX_GAP);
    if (i + rows < xs.length) room.push(xs[i + rows] - need[i + rows] / 2 - BOX_GAP - x);
    if (lower(i, rows)) room.push(...[xs[i - 1], xs[i + 1]].filter((n) => n !== undefined).map((n) => Math.abs(n - x) - CLEAR));
    half.push(Math.max(need[i] / 2, Math.min(full[i] / 2, ...room)));
  });
  return half;
}

/** Where a text goes: its x and anchor. */
export interface Place { x: number; anchor: 'start' | 'middle' | 'end' }

/** Centred on x, or against the drawing's side it would cross. */
export function centred(f: Frame, x: number, w: number): Place {
  if (x - w / 2 < f.margin) return { x: f.margin, anchor: 'start' };
  if (x + w / 2 > f.width - f.margin) return { x: f.width - f.margin, anchor: 'end' };
  return { x, anchor: 'middle' };
}

function fits(f: Frame, x: number, w: number, gap: number, side: 1 | -1): boolean {
  const edge = x + side * (gap + w);
  return edge >= f.margin && edge <= f.width - f.margin;
}

/** `gap` from x on `side` (1: right, −1: left), pushed back inside the drawing when it would cross a side. */
export function toward(f: Frame, x: number, w: number, gap: number, side: 1 | -1): Place {
  if (fits(f, x, w, gap, side)) return { x: x + side * gap, anchor: side > 0 ? 'start' : 'end' };
  return centred(f, x + side * (gap + w / 2), w);
}

/** `gap` from x on `side`, or on the other side when only that one has room. */
export function beside(f: Frame, x: number, w: number, gap: number, side: 1 | -1): Place {
  const other = side > 0 ? -1 : 1;
  return toward(f, x, w, gap, !fits(f, x, w, gap, side) && fits(f, x, w, gap, other) ? other : side);
}

/** The box a text covers, estimated. */
export interface Rect { x0: number; x1: number; y0: number; y1: number }

/** What a text of `lines` at a place, its first baseline at y, covers; `w` is its widest line. */
export function textRect(lines: string[], at: Place, y: number, w: number, px: number): Rect {
  const x0 = at.anchor === 'start' ? at.x : at.anchor === 'end' ? at.x - w : at.x - w / 2;
  return { x0, x1: x0 + w, y0: y - px, y1: y + (lines.length - 1) * LINE_H + px / 4 };
}

export const overlaps = (a: Rect, b: Rect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
