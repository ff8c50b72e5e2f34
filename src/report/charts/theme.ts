/** Colours and sizes shared by every chart, PNG and HTML alike. */

/** Okabe–Ito, readable by colour-blind viewers and on a projector; yellow left out (invisible on white). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C6D1F', '#7F7F7F'];

/** Point shapes cycle with colours so overlapping series stay distinguishable in print. */
export const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross', 'circle'];

export const STALE_COLOR = '#D55E00';
export const MASTER_COLOR = '#0072B2';
export const WRITE_COLOR = '#7F7F7F';
export const REPLICATION_COLOR = '#555555';

/** Line dashes cycle with colours, so a series drawn over an equal one leaves it visible. */
export const DASHES: number[][] = [[], [10, 5], [3, 4], [16, 4, 3, 4], [6, 3], [1, 5], [20, 6], [8, 3, 2, 3, 2, 3]];

export function dashOf(i: number): number[] {
  return DASHES[i % DASHES.length];
}

export function colorOf(i: number): string {
  return PALETTE[i % PALETTE.length];
}

export function pointStyleOf(i: number): string {
  return POINT_STYLES[i % POINT_STYLES.length];
}

/** PNG size: 16:9 for slides and projectors. */
export const PNG_WIDTH = 1280;
export const PNG_HEIGHT = 720;
/** Base font size (px) in PNGs: readable from the back of a classroom. */
export const PNG_FONT_SIZE = 17;
/** Base font size (px) in the HTML report, where the chart is smaller and tooltips help. */
export const HTML_FONT_SIZE = 13;

/** Shading of incidents on time charts: a stopped follower, delayed shipping, scaled lag. */
export const INCIDENT_COLORS = { stop: 'rgba(213,94,0,0.12)', delay: 'rgba(230,159,0,0.14)', scale: 'rgba(204,121,167,0.16)' };
/** The generated load's factor (the stages) on the timeline. */
export const LOAD_COLOR = '#555555';

/** Longest line of a strategy's parameters on a category axis: Chart.js cuts a label wider than its axis may be. */
const LABEL_LINE = 30;

/**
 * "post-write-window(window=1s,scope=key)" → lines for a category axis: the name, then the
 * parameters, broken after a comma where a line would pass LABEL_LINE characters.
 */
export function splitLabel(label: string): string | string[] {
  const open = label.indexOf('(');
  if (open <= 0) return label;
  const lines = [label.slice(0, open)];
  let line = '';
  for (const part of label.slice(open).split(',')) {
    const next = line === '' ? part : `${line}, ${part}`;
    if (line !== '' && next.length + 1 > LABEL_LINE) {
      lines.push(`${line},`);
      line = part;
    } else line = next;
  }
  lines.push(line);
  return lines;
}
