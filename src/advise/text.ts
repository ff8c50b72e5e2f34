import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';
import { METRICS, MetricPath, metricValue } from '../metrics/registry';
import { formatHalf, formatMetric } from '../report/format';
import { AdviseResult } from './advise';
import { AdviseCheck, AdviseConfig, Miss } from './frontier';
import { formatProxyAnswers, proxyAnswers } from './proxies';
import { parseStrategyArg } from '../scenario/parse';

/**
 * `lagsim advise` for a terminal, in blocks: what was searched, the frontier, then the
 * recommendation (or the nearest miss). Every part is lagsim's own (strategy labels
 * made by their definitions, SLOs as normalised by the parser, numbers); the caller
 * prints each line through printable all the same, and appends further blocks after
 * the recommendation.
 */

/** A metric's mean with its 95 % half-width when there are replications: "0.52% ±0.1%". */
export function withCi(c: AdviseConfig, path: MetricPath): string {
  const value = formatMetric(path, metricValue(c.result, path), 'sentence');
  const half = c.result.ci95 === undefined ? undefined : metricValue(c.result.ci95, path);
  return half === undefined ? value : `${value} ${halfText(path, half)}`;
}

/** A 95 % half-width with the unit a sentence gives its value: "±0.1%", "±3 ms". */
function halfText(path: MetricPath, half: number): string {
  return `${formatHalf(path, half)}${METRICS[path].unit === 'ms' ? ' ms' : ''}`;
}

export function searchLines(r: AdviseResult, lang: Lang): string[] {
  const refined = r.configs.filter((c) => c.phase === 'refine').length;
  const lines = [
    t(lang, 'advise.slos', { list: r.slos.join(' · ') }),
    t(lang, 'advise.searched', { configs: r.configs.length, strategies: strategyCount(r.strategies.length, lang), grid: r.configs.length - refined, refined, spent: r.spent, budget: r.budget, runs: r.runs, from: r.seed, to: r.seed + r.runs - 1 }),
  ];
  if (r.open > 0) lines.push(t(lang, 'advise.open', { n: r.open }));
  if (r.runs > 1) lines.push(t(lang, 'advise.means', { runs: r.runs }));
  return lines;
}

/**
 * Frontier rows, cheapest first: configurations with the same three numbers are one row,
 * named by the recommendation when it is among them, else by the first searched.
 */
export interface FrontierRow {
  config: number;
  /** Other frontier configurations with exactly the same numbers. */
  same: number;
}

export function frontierRows(r: AdviseResult): FrontierRow[] {
  const on = r.configs.flatMap((c, i) => (c.frontier ? [i] : []));
  const key = (i: number): string => r.objectives.map((m) => metricValue(r.configs[i].result, m)).join(' ');
  const cost = (i: number): number[] => [r.configs[i].result.masterReadShare, r.configs[i].result.readLatencyMs.p99, r.configs[i].result.staleRate];
  on.sort((a, b) => cost(a)[0] - cost(b)[0] || cost(a)[1] - cost(b)[1] || cost(a)[2] - cost(b)[2] || a - b);
  const rows: FrontierRow[] = [];
  // The winner names its group, so the row the recommendation points at is visible.
  const lead = (group: number[]): number => (r.winner !== null && group.includes(r.winner) ? r.winner : group[0]);
  let i = 0;
  while (i < on.length) {
    let j = i;
    while (j < on.length && key(on[j]) === key(on[i])) j++;
    rows.push({ config: lead(on.slice(i, j)), same: j - i - 1 });
    i = j;
  }
  return rows;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function frontierLines(r: AdviseResult, lang: Lang): string[] {
  const rows = frontierRows(r);
  const head = [t(lang, 'advise.col.stale'), t(lang, 'advise.col.master'), t(lang, 'advise.col.p99'), t(lang, 'advise.col.slos'), t(lang, 'advise.col.config')];
  const body = rows.map(({ config, same }) => {
    const c = r.configs[config];
    const violated = c.checks.filter((k) => !k.holds).length;
    const mark = config === r.winner ? '* ' : '';
    const others = same > 0 ? ` ${t(lang, 'advise.same', { n: same })}` : '';
    return [withCi(c, 'staleRate'), withCi(c, 'masterReadShare'), withCi(c, 'readLatencyMs.p99'), violated === 0 ? t(lang, 'advise.meets') : t(lang, 'advise.violates', { n: violated }), `${mark}${c.label}${others}`];
  });
  const widths = head.map((h, k) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(row[k]))));
  const line = (cells: string[]): string => `  ${cells.map((cell, k) => (k === cells.length - 1 ? cell : pad(cell, widths[k]))).join('  ')}`;
  const front = r.configs.filter((c) => c.frontier).length;
  const star = r.winner !== null ? ` ${t(lang, 'advise.star')}` : '';
  return [t(lang, 'advise.frontier', { n: front, total: r.configs.length }) + star, line(head), ...body.map(line)];
}

/** One SLO on one configuration: met or not, its value with the interval, and "uncertain" when the interval holds the threshold. */
function checkLine(k: AdviseCheck, lang: Lang): string {
  const f = (x: number): string => formatMetric(k.metric, x, 'sentence');
  const value = k.ci95 === undefined ? f(k.value) : `${f(k.value)} ${halfText(k.metric, k.ci95)}`;
  const doubt = k.uncertain ? t(lang, 'slo.uncertain', { low: f(k.value - k.ci95!), high: f(k.value + k.ci95!), than: f(k.than) }) : '';
  return t(lang, k.holds ? 'advise.checkMet' : 'advise.checkFailed', { slo: k.slo, value }) + doubt;
}

/** How far past the threshold, a rate's in percentage points. */
function excessText(metric: MetricPath, excess: number, lang: Lang): string {
  const text = formatMetric(metric, excess, 'sentence');
  return METRICS[metric].unit === 'rate' ? t(lang, 'slo.points', { n: text.replace(/%$/, '') }) : text;
}

/** A signed difference in the metric's unit: "+3.2 percentage points", "−12 ms". */
function deltaText(metric: MetricPath, d: number, lang: Lang): string {
  if (d === 0) return t(lang, 'advise.equal');
  return `${d > 0 ? '+' : '−'}${excessText(metric, Math.abs(d), lang)}`;
}

/** The recommendation: the winner, each SLO on it, why it wins, what the runner-up costs. */
export function recommendationLines(r: AdviseResult, lang: Lang): string[] {
  if (r.winner === null) return missLines(r, lang);
  const w = r.configs[r.winner];
  const lines = [t(lang, 'advise.winner', { label: w.label })];
  for (const k of w.checks) lines.push(checkLine(k, lang));
  lines.push(t(lang, r.meeting.length === 1 ? 'advise.whyOnly' : 'advise.why', { share: withCi(w, 'masterReadShare'), p99: withCi(w, 'readLatencyMs.p99'), n: r.meeting.length }));
  const doubtful = w.checks.filter((k) => k.uncertain).length;
  if (doubtful > 0) lines.push(t(lang, 'advise.doubt', { n: doubtful }));
  if (r.runnerUp === null) lines.push(t(lang, 'advise.alone'));
  else {
    const u = r.configs[r.runnerUp];
    const d = (m: MetricPath): string => deltaText(m, metricValue(u.result, m) - metricValue(w.result, m), lang);
    lines.push(t(lang, 'advise.runnerUp', {
      label: u.label,
      share: withCi(u, 'masterReadShare'), dShare: d('masterReadShare'),
      p99: withCi(u, 'readLatencyMs.p99'), dP99: d('readLatencyMs.p99'),
      stale: withCi(u, 'staleRate'), dStale: d('staleRate'),
    }));
  }
  return lines;
}

/** No configuration meets every SLO: the nearest miss, each SLO it misses, and the moves that come closer. */
function missLines(r: AdviseResult, lang: Lang): string[] {
  const near = r.nearestMiss!;
  const c = r.configs[near.config];
  const lines = [t(lang, 'advise.none'), t(lang, 'advise.nearest', { label: c.label, n: near.misses.length, total: c.checks.length })];
  for (const k of c.checks) lines.push(checkLine(k, lang));
  for (const m of near.misses) lines.push(...missDetail(r, m, lang));
  return lines;
}

function missDetail(r: AdviseResult, m: Miss, lang: Lang): string[] {
  const f = (x: number): string => formatMetric(m.metric, x, 'sentence');
  const best = r.configs[m.best.config];
  // A strict comparison can fail with the value exactly on the threshold: no distance, but a side to cross.
  const lines = [m.excess > 0 ? t(lang, 'advise.miss', { slo: m.slo, excess: excessText(m.metric, m.excess, lang) }) : t(lang, 'advise.missAt', { slo: m.slo })];
  lines.push(t(lang, m.best.holds ? 'advise.bestMeets' : 'advise.bestMisses', { value: f(m.best.value), label: best.label }));
  if (m.moves.length === 0) lines.push(t(lang, 'advise.noMove'));
  for (const mv of m.moves) {
    const verdict = t(lang, mv.holds ? 'advise.moveMeets' : 'advise.moveCloser');
    const breaks = mv.breaks.length > 0 ? t(lang, 'advise.moveBreaks', { list: mv.breaks.join(', ') }) : '';
    lines.push(t(lang, 'advise.move', { field: mv.field, from: mv.from, to: mv.to, metric: m.metric, value: f(mv.value), verdict }) + breaks);
  }
  return lines;
}

/** The recommendation as each proxy's settings (or why a proxy has none); nothing when no configuration meets the SLOs. */
export function proxyLines(r: AdviseResult, lang: Lang): string[] {
  if (r.winner === null) return [];
  const label = r.configs[r.winner].label;
  const text = formatProxyAnswers(proxyAnswers(parseStrategyArg(label), lang), lang).replace(/\n+$/, '');
  return [t(lang, 'advise.proxies', { label }), '', ...text.split('\n')];
}

/** "1 strategy", "8 strategies": the count in the language's own plural form. */
function strategyCount(n: number, lang: Lang): string {
  return t(lang, new Intl.PluralRules(lang).select(n) === 'one' ? 'advise.strategies.one' : 'advise.strategies.other', { n });
}
