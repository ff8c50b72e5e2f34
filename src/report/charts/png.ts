import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { ChartSpec } from './spec';
import { PNG_FONT_SIZE, PNG_HEIGHT, PNG_WIDTH } from './theme';

/** The helpers in client.js, as Node sees them. */
interface ChartClient {
  FONT: string;
  setup(chart: unknown, fontSize: number): void;
  hydrate<T>(config: T): T;
  plugin: unknown;
}

/**
 * client.js is plain JavaScript shared with the HTML page; tsc does not copy it, so
 * `npm run build` does (scripts/build-package.js): it sits beside this module in src/ and dist/.
 */
export const CLIENT_JS_PATH = path.join(__dirname, 'client.js');

let client: ChartClient | null = null;

export function chartClient(): ChartClient {
  if (client === null) client = require(CLIENT_JS_PATH) as ChartClient;
  return client;
}

export function clientSource(): string {
  return fs.readFileSync(CLIENT_JS_PATH, 'utf8');
}

let unavailable: string | null | undefined;

/**
 * Why PNG charts cannot be drawn on this machine — node-canvas absent (installed with
 * --ignore-scripts, or its install script blocked) or its native build unable to load (no
 * cairo or pango) — as the loader's first line; null when they can. Probed once; a report
 * then leaves the PNGs out and keeps everything else (write.ts, sweep/write.ts).
 */
export function pngUnavailable(): string | null {
  if (unavailable === undefined) {
    try {
      require('canvas');
      require('chartjs-node-canvas');
      unavailable = null;
    } catch (err) {
      unavailable = String((err as Error)?.message ?? err).split('\n')[0];
    }
  }
  return unavailable;
}

/**
 * chartjs-node-canvas's own drawing step (renderToBufferSync is this, then canvas.toBuffer
 * with node-canvas's default PNG settings, then destroy); its typings mark it private.
 */
interface Renderer {
  renderChart(config: unknown): { canvas: import('canvas').Canvas; destroy(): void };
}

/**
 * Charts are flat colour areas: unfiltered rows at zlib level 3 encode about four times
 * faster than node-canvas's default (level 6, every filter tried per row), into files of
 * the same size. PNG is lossless, so the pixels are the ones drawn either way.
 */
function pngEncoding(): import('canvas').PngConfig {
  const { Canvas } = require('canvas') as typeof import('canvas');
  return { compressionLevel: 3, filters: Canvas.PNG_FILTER_NONE };
}

const renderers = new Map<string, Renderer>();

function renderer(width: number, height: number): Renderer {
  const key = `${width}x${height}`;
  let r = renderers.get(key);
  if (r === undefined) {
    // Loaded on first use: `lagsim run --no-report` and `--json` never pay for canvas.
    const { ChartJSNodeCanvas } = require('chartjs-node-canvas') as typeof import('chartjs-node-canvas');
    const c = chartClient();
    r = new ChartJSNodeCanvas({
      width,
      height,
      backgroundColour: 'white',
      chartCallback: (chartJs) => c.setup(chartJs, PNG_FONT_SIZE),
    }) as unknown as Renderer;
    renderers.set(key, r);
  }
  return r;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;
let fontChecked = false;

/** Families fontconfig offers for Korean text; empty when it has none (or no fc-list). */
export function koreanFonts(): string[] {
  try {
    return execFileSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n').map((s) => s.trim()).filter((s) => s !== '');
  } catch {
    return [];
  }
}

/**
 * Pango draws a glyph it has no font for as a box. Rather than ship PNGs full of boxes
 * silently, say once what to install when a chart holds Hangul and no font covers it.
 */
function checkFontFor(spec: ChartSpec): void {
  if (fontChecked || !HANGUL.test(JSON.stringify(spec.config))) return;
  fontChecked = true;
  if (koreanFonts().length === 0) {
    process.stderr.write('lagsim: warning: no Korean font found; Hangul in the PNG charts will show as boxes (install fonts-noto-cjk)\n');
  }
}

/** Renders a chart to PNG bytes (deterministic: same spec, same bytes). */
export function renderPng(spec: ChartSpec, width = PNG_WIDTH, height = PNG_HEIGHT): Buffer {
  checkFontFor(spec);
  const c = chartClient();
  const config = c.hydrate(structuredClone(spec.config)) as Record<string, unknown>;
  config.plugins = [c.plugin];
  const options = config.options as Record<string, unknown>;
  options.responsive = false;
  options.maintainAspectRatio = false;
  options.devicePixelRatio = 1;
  const chart = renderer(width, height).renderChart(config);
  try {
    return chart.canvas.toBuffer('image/png', pngEncoding());
  } finally {
    chart.destroy();
  }
}
