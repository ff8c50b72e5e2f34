import type { LabData } from './browser';
import { LAB_CSS } from './style';
import { esc } from '../report/diagram';
import { t } from '../i18n';

/**
 * The lab as markup: a mount point, the scenario as JSON, and the bundled simulator
 * inline, so one HTML file works offline and from file://. `labSection` is what a
 * larger page (the HTML report) embeds; `labPageHtml` is the standalone lab.html.
 */

/** JSON safe inside <script>: no "</script" and no "<!--" can close or confuse the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JavaScript safe inside <script> (esbuild output is plain ASCII-safe code; this guards the one sequence that matters). */
export function scriptJs(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

export function labSection(bundleJs: string, data: LabData, id = 'lagsim-lab'): string {
  return `<style>${LAB_CSS}</style><div data-lagsim-lab="${id}-data" id="${id}"></div>` +
    `<script type="application/json" id="${id}-data">${scriptJson(data)}</script>` +
    `<script>${scriptJs(bundleJs)}</script>`;
}

/** `nav`: markup lagsim wrote above the title (the classroom site's links), '' for none. */
export function labPageHtml(bundleJs: string, data: LabData, nav = ''): string {
  const title = t(data.lang, 'lab.title', { title: data.title });
  const own: LabData = { ...data, ownPage: true };
  return `<!doctype html>\n<html lang="${data.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">` +
    `<title>${esc(title)}</title><style>body{margin:16px 24px;background:#fff}h1{font-family:"Noto Sans CJK KR",sans-serif;font-size:20px}.site-nav{display:flex;flex-wrap:wrap;gap:6px 16px;font-family:"Noto Sans CJK KR",sans-serif;font-size:14px}@media print{.site-nav{display:none}}@media (max-width:600px){body{margin:12px}}</style></head>` +
    `<body>${nav}<h1 data-lab-title>${esc(data.title)}</h1>${labSection(bundleJs, own)}</body></html>\n`;
}
