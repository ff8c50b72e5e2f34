import type { TimelineBins } from './bins';
import { esc } from '../report/diagram';
import { Lang, t } from '../i18n';

/**
 * The lab's timeline: per slice of simulated time, reads per second stacked as stale
 * (red), served by the master (blue) and fresh from a follower (grey), with the master's
 * load (writes + master reads, per second) as a line and scripted writes as marks.
 * Stale and master reads never overlap (the master is never stale), so the stack adds up
 * to all reads. A plain SVG string: redrawn on every change, no chart library.
 */

const W = 860;
const H = 300;
const PAD = { left: 56, right: 16, top: 34, bottom: 62 };
const COLORS = { stale: '#d32f2f', master: '#1e88e5', follower: '#cfd8dc', ops: '#0d47a1' };

/** 1, 2, 5 × 10^k at or above x. */
function niceStep(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Rough width of 11px text: Hangul and other wide characters take about twice a Latin letter. */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) >= 0x1100 ? 11 : 6.2;
  return w;
}

export function timelineSvg(b: TimelineBins, horizonUs: number, lang: Lang, id = 'timeline'): string {
  const n = b.reads.length;
  const perSec = 1e6 / b.binUs;
  const ops = Array.from({ length: n }, (_, i) => (b.writes[i] + b.masterReads[i]) * perSec);
  const top = Math.max(1, ...Array.from(b.reads, (r) => r * perSec), ...ops);
  const yStep = niceStep(top / 5);
  const yMax = Math.ceil(top / yStep) * yStep;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const xOf = (us: number): number => PAD.left + (plotW * us) / horizonUs;
  const yOf = (v: number): number => PAD.top + plotH - (plotH * v) / yMax;
  const out: string[] = [];

  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${yOf(v)}" y2="${yOf(v)}" stroke="#eee"/>`,
      `<text x="${PAD.left - 6}" y="${yOf(v) + 4}" text-anchor="end">${+v.toPrecision(6)}</text>`);
  }
  const xStepUs = niceStep(horizonUs / 10 / 1e6) * 1e6;
  for (let us = 0; us <= horizonUs + 1; us += xStepUs) {
    out.push(`<text x="${xOf(us)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${+(us / 1e6).toPrecision(6)}</text>`);
  }
  for (let i = 0; i < n; i++) {
    const x0 = xOf(i * b.binUs);
    const w = Math.max(0.5, xOf(Math.min(horizonUs, (i + 1) * b.binUs)) - x0 - 0.6);
    const stale = b.staleReads[i] * perSec;
    const master = b.masterReads[i] * perSec;
    const fresh = (b.reads[i] - b.staleReads[i] - b.masterReads[i]) * perSec;
    let base = 0;
    for (const [v, c] of [[stale, COLORS.stale], [master, COLORS.master], [fresh, COLORS.follower]] as Array<[number, string]>) {
      if (v > 0) out.push(`<rect x="${x0.toFixed(2)}" y="${yOf(base + v).toFixed(2)}" width="${w.toFixed(2)}" height="${(yOf(base) - yOf(base + v)).toFixed(2)}" fill="${c}"/>`);
      base += v;
    }
  }
  const line = ops.map((v, i) => `${i === 0 ? 'M' : 'L'}${xOf((i + 0.5) * b.binUs).toFixed(2)} ${yOf(v).toFixed(2)}`).join(' ');
  out.push(`<path d="${line}" fill="none" stroke="${COLORS.ops}" stroke-width="1.8"/>`);
  for (const [tUs, caption] of b.marks.slice(0, 12)) {
    out.push(`<line x1="${xOf(tUs)}" x2="${xOf(tUs)}" y1="${PAD.top - 4}" y2="${PAD.top + plotH}" stroke="#333" stroke-dasharray="4 3"/>`,
      `<text x="${xOf(tUs) + 4}" y="${PAD.top + 8}" class="mark">${esc(caption)}</text>`);
  }
  out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="#555"/>`,
    `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH + 32}" text-anchor="middle">${esc(t(lang, 'timeline.x'))}</text>`,
    `<text transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle">${esc(t(lang, 'timeline.y'))}</text>`,
    `<text x="${PAD.left}" y="18" class="title">${esc(t(lang, 'timeline.title'))}</text>`);
  const legend: Array<[string, string, boolean]> = [
    [COLORS.stale, t(lang, 'timeline.stale'), false], [COLORS.master, t(lang, 'timeline.master'), false],
    [COLORS.follower, t(lang, 'timeline.follower'), false], [COLORS.ops, t(lang, 'timeline.masterOps'), true],
  ];
  let lx = PAD.left;
  for (const [c, label, isLine] of legend) {
    out.push(isLine ? `<line x1="${lx}" x2="${lx + 14}" y1="${H - 12}" y2="${H - 12}" stroke="${c}" stroke-width="2"/>` : `<rect x="${lx}" y="${H - 18}" width="14" height="12" fill="${c}"/>`,
      `<text x="${lx + 18}" y="${H - 8}">${esc(label)}</text>`);
    lx += 30 + textWidth(label);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="timeline" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">` +
    `<style>#${id} text{font-family:"Noto Sans CJK KR","Noto Sans KR",sans-serif;font-size:11px;fill:#333}#${id} .title{font-size:13px;font-weight:600}` +
    `#${id} .mark{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}</style>` +
    `<rect width="100%" height="100%" fill="#fff"/>${out.join('')}</svg>`;
}
