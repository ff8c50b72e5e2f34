import type { Lesson } from '../scenario/lesson';
import type { Summary } from '../metrics/summary';
import { METRICS, MetricPath, metricValue } from '../metrics/registry';
import { formatMetric } from '../report/format';
import { Lang, t } from '../i18n';
import { esc } from '../report/diagram';
import { breakable } from '../report/html/page';
import { frontier } from './answer';

/**
 * Predict, then reveal, on a lesson's page. What the student predicts is derived from the
 * lesson's own findings, so no lesson needs authored choices: each claim's left side (a
 * strategy's metric) becomes a numeric guess in that metric's unit, and a frontier finding
 * becomes a choice among the scenario's strategies ("which are on the frontier?"). At most
 * MAX_GUESSES numbers, the first claims of the lesson, one per strategy × metric.
 * After the prediction (or "show the answer") the page shows each guess beside the run's
 * number; until then everything carrying the run's numbers is hidden (class `reveal`).
 */

const MAX_GUESSES = 4;

export type PredictItem =
  | { kind: 'number'; strategy: string; metric: MetricPath }
  | { kind: 'frontier'; x: MetricPath; y: MetricPath; labels: string[] };

export function predictItems(lesson: Lesson, labels: string[]): PredictItem[] {
  const items: PredictItem[] = [];
  const seen = new Set<string>();
  for (const f of lesson.findings) {
    if ('frontier' in f) {
      if (!items.some((i) => i.kind === 'frontier')) items.push({ kind: 'frontier', x: f.frontier.x, y: f.frontier.y, labels });
      continue;
    }
    const key = `${f.claim.strategy}\u0000${f.claim.metric}`;
    if (seen.has(key) || seen.size >= MAX_GUESSES) continue;
    seen.add(key);
    items.push({ kind: 'number', strategy: f.claim.strategy, metric: f.claim.metric });
  }
  return items;
}

/** The unit a guess is typed in: a rate in %, times in ms, the rest as plain numbers. */
function unitOf(metric: MetricPath): string {
  const unit = METRICS[metric].unit;
  return unit === 'rate' ? '%' : unit === 'ms' ? 'ms' : unit === 'opsPerSec' ? '/s' : '';
}

/** The form: one input per item, "record my prediction" and "show the answer". */
export function predictForm(items: PredictItem[], storageKey: string, lang: Lang): string {
  const fields = items.map((item, i) => {
    const name = `p${i}`;
    if (item.kind === 'number') {
      const label = t(lang, 'predict.number', { metric: t(lang, `metric.${item.metric}`), strategy: item.strategy });
      const unit = unitOf(item.metric);
      return `<div class="guess"><label for="guess-${name}">${esc(label)}</label> <span class="field"><input type="number" inputmode="decimal" step="any" min="0" id="guess-${name}" name="${name}" data-unit="${esc(unit)}">${unit === '' ? '' : ` <span class="unit">${esc(unit)}</span>`}</span></div>`;
    }
    const legend = t(lang, 'predict.frontier', { x: t(lang, `metric.${item.x}`), y: t(lang, `metric.${item.y}`) });
    const boxes = item.labels.map((l) => `<label class="choice"><input type="checkbox" name="${name}" value="${esc(l)}"> <code>${esc(l)}</code></label>`);
    return `<fieldset class="guess"><legend>${esc(legend)}</legend>${boxes.join('')}</fieldset>`;
  });
  return `<form id="predict" class="predict" data-key="${esc(storageKey)}" autocomplete="off">
<h3>${esc(t(lang, 'predict.title'))}</h3>
<p class="hint">${esc(t(lang, 'predict.hint'))}</p>
${fields.join('\n')}
<div class="controls"><button type="submit" id="predict-save">${esc(t(lang, 'predict.save'))}</button> <button type="button" id="predict-show">${esc(t(lang, 'predict.show'))}</button> <button type="button" id="predict-reset" class="after">${esc(t(lang, 'predict.reset'))}</button></div>
<p id="predict-record" class="record after" data-saved="${esc(t(lang, 'predict.saved'))}" data-skipped="${esc(t(lang, 'predict.skipped'))}"></p>
</form>`;
}

/** The guesses beside the run's numbers: part of the answer, hidden until the reveal. */
export function predictTable(items: PredictItem[], summary: Summary, lang: Lang): string {
  const byLabel = new Map(summary.results.map((r) => [r.strategy, r]));
  const runHead = summary.runs > 1 ? t(lang, 'predict.runMean', { runs: summary.runs }) : t(lang, 'predict.run');
  const rows = items.map((item, i) => {
    if (item.kind === 'number') {
      const r = byLabel.get(item.strategy);
      const actual = r === undefined ? t(lang, 'lesson.notRun', { strategy: item.strategy }) : formatMetric(item.metric, metricValue(r, item.metric), 'sentence');
      const what = t(lang, 'predict.number', { metric: t(lang, `metric.${item.metric}`), strategy: item.strategy });
      return `<tr><td class="text">${breakable(what)}</td><td data-guess="p${i}">—</td><td>${esc(actual)}</td></tr>`;
    }
    const on = frontier(summary.results, item.x, item.y);
    const what = t(lang, 'predict.frontier', { x: t(lang, `metric.${item.x}`), y: t(lang, `metric.${item.y}`) });
    return `<tr><td class="text">${esc(what)}</td><td class="text" data-guess="p${i}">—</td><td class="text">${breakable(on.join(', '))}</td></tr>`;
  });
  return `<div class="scroll"><table class="guesses"><thead><tr><th class="text"></th><th>${esc(t(lang, 'predict.yours'))}</th><th>${esc(runHead)}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/**
 * The page's behaviour: while nothing is predicted, <html> has class `predicting` and CSS
 * hides every `.reveal`; a prediction is kept in the form, written under the lesson's key
 * in localStorage when the browser allows it (file:// and private modes may refuse, which
 * only means it is not remembered), and read back on load.
 */
export const PREDICT_SCRIPT = `(function () {
  var form = document.getElementById('predict');
  if (!form) return;
  var root = document.documentElement, key = form.getAttribute('data-key');
  root.classList.add('predicting');
  function load() { try { return JSON.parse(window.localStorage.getItem(key) || 'null'); } catch (e) { return null; } }
  function save(v) { try { window.localStorage.setItem(key, JSON.stringify(v)); } catch (e) { /* not remembered */ } }
  function forget() { try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ } }
  function inputs() { return Array.prototype.slice.call(form.querySelectorAll('input')); }
  function read() {
    var v = {}, any = false;
    inputs().forEach(function (i) {
      if (i.type === 'checkbox') { v[i.name] = v[i.name] || []; if (i.checked) { v[i.name].push(i.value); any = true; } }
      else if (i.value !== '') { v[i.name] = i.value; any = true; }
    });
    return any ? v : null;
  }
  function fill(v) {
    inputs().forEach(function (i) {
      if (i.type === 'checkbox') i.checked = !!(v && v[i.name] && v[i.name].indexOf(i.value) >= 0);
      else i.value = v && v[i.name] !== undefined ? v[i.name] : '';
    });
  }
  function shown(v, name) {
    if (!v || v[name] === undefined) return '—';
    if (Array.isArray(v[name])) return v[name].length ? v[name].join(', ') : '—';
    var input = form.querySelector('[name="' + name + '"]'), unit = input ? input.getAttribute('data-unit') || '' : '';
    return v[name] + (unit === '%' ? '%' : unit ? ' ' + unit : '');
  }
  function reveal(v) {
    root.classList.remove('predicting');
    root.classList.add('revealed');
    Array.prototype.forEach.call(document.querySelectorAll('[data-guess]'), function (td) { td.textContent = shown(v, td.getAttribute('data-guess')); });
    var rec = document.getElementById('predict-record');
    rec.textContent = rec.getAttribute(v ? 'data-saved' : 'data-skipped');
    window.dispatchEvent(new Event('resize'));
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); var v = read(); save({ prediction: v }); reveal(v); });
  document.getElementById('predict-show').addEventListener('click', function () { var v = read(); save({ prediction: v }); reveal(v); });
  document.getElementById('predict-reset').addEventListener('click', function () {
    forget(); fill(null); root.classList.remove('revealed'); root.classList.add('predicting');
  });
  var kept = load();
  if (kept && typeof kept === 'object') { fill(kept.prediction); reveal(kept.prediction || null); }
})();`;

/** CSS for the form and the reveal; print shows the form's fields (to fill on paper), never its buttons. */
export const PREDICT_CSS = `
.predicting .reveal, .predicting .after { display: none; }
form.predict { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; background: #fafbfc; }
form.predict h3 { margin-top: 4px; }
form.predict .hint { color: var(--muted); margin: 0 0 8px; }
form.predict .guess { margin: 10px 0; }
form.predict fieldset { border: 1px solid var(--line); border-radius: 6px; }
form.predict input[type=number] { width: 8em; font: inherit; padding: 4px 6px; }
form.predict .choice { display: block; margin: 4px 0; }
form.predict .field { white-space: nowrap; }
form.predict button { font: inherit; padding: 6px 12px; margin: 4px 6px 4px 0; border-radius: 6px; border: 1px solid var(--accent); background: #fff; color: var(--accent); cursor: pointer; }
form.predict button[type=submit] { background: var(--accent); color: #fff; }
.record { color: var(--good); font-weight: 600; }
table.guesses td { white-space: normal; }
ol.exercises li { margin: 6px 0; }
`;
