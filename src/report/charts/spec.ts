import { CurvePoint } from '../series';

/**
 * A chart as JSON: a Chart.js config whose functions are named "$fn:…" (see client.js),
 * so the same object renders to PNG in Node and is embedded in the HTML report.
 */
export interface ChartSpec {
  /** File name without extension (`tradeoff` → tradeoff.png) and HTML anchor. */
  id: string;
  /** What the chart shows, for alt text and the HTML caption. */
  caption: string;
  config: Record<string, unknown>;
}

/**
 * Common options: title; subtitle lines — what the chart shows, then `note` (which runs
 * the numbers come from), so the two never collide; plugin settings (tooltip mode).
 */
export function baseOptions(title: string, subtitle: string, lagsim: Record<string, unknown> & { note?: string }): Record<string, unknown> {
  const { note, ...plugin } = lagsim;
  const lines = [subtitle, note ?? ''].filter((l) => l !== '');
  return {
    responsive: true,
    maintainAspectRatio: true,
    aspectRatio: 16 / 9,
    layout: { padding: { top: 4, right: 24, bottom: 4, left: 8 } },
    plugins: {
      title: { display: true, text: title },
      subtitle: { display: lines.length > 0, text: lines, padding: { bottom: 10 } },
      legend: { position: 'bottom' },
      lagsim: plugin,
    },
  };
}

/** A 0–100 % axis, padded so points on 0 % or 100 % are drawn whole. */
export function percentAxis(title: string, padded: boolean): Record<string, unknown> {
  return {
    type: 'linear',
    min: padded ? -4 : 0,
    max: padded ? 104 : 100,
    ticks: { callback: '$fn:pctTick', stepSize: 10, includeBounds: false },
    title: { display: true, text: title },
  };
}

/** Points for Chart.js, and the band (lo/hi per point) the plugin shades when there is one. */
export function withBand(points: CurvePoint[]): { data: Array<{ x: number; y: number | null }>; lagsimBand?: { lo: Array<number | null>; hi: Array<number | null> } } {
  const data = points.map((p) => ({ x: p.x, y: p.y }));
  if (!points.some((p) => p.lo !== undefined)) return { data };
  return { data, lagsimBand: { lo: points.map((p) => p.lo ?? null), hi: points.map((p) => p.hi ?? null) } };
}
