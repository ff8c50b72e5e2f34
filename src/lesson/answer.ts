import type { Summary, StrategyResult } from '../metrics/summary';
import { Lesson, LessonFinding, fillPlaceholders } from '../scenario/lesson';
import { judge } from '../metrics/threshold';
import { MetricPath, metricValue } from '../metrics/registry';
import { formatHalf, formatMetric as formatIn, trimNum } from '../report/format';
import { Lang, choose, fillVars, t } from '../i18n';

/**
 * The answer a run gives to a lesson's question: each finding's claim checked against
 * the summary, its sentence filled with the run's numbers. A sentence is the answer only
 * when `holds` is true; otherwise `check` says what the numbers show instead.
 */

export interface FindingAnswer {
  /** true: the run confirms it; false: it does not; null: a strategy it names was not run. */
  holds: boolean | null;
  /** The lesson's sentence with {…} filled in from the run. */
  text: string;
  /** The comparison in words, with the numbers: "stale reads of all-follower = 2 > 0". */
  check: string;
}

export interface LessonAnswer {
  order: number;
  question: string;
  findings: FindingAnswer[];
}

const formatMetric = (metric: MetricPath, value: number): string => formatIn(metric, value, 'sentence');

/** Strategies no other strategy beats on both x and y (lower is better on both). */
export function frontier(results: StrategyResult[], x: MetricPath, y: MetricPath): string[] {
  return results.filter((a) => !results.some((b) => {
    const [ax, ay, bx, by] = [metricValue(a, x), metricValue(a, y), metricValue(b, x), metricValue(b, y)];
    return bx <= ax && by <= ay && (bx < ax || by < ay);
  })).map((r) => r.strategy);
}

/**
 * A number of the run for a sentence; with `ci` and replications, the mean with its 95%
 * confidence half-width (a single run has no interval to show; the check line names the runs).
 */
function quote(r: StrategyResult, metric: MetricPath, ci: boolean, lang: Lang): string {
  const value = formatMetric(metric, metricValue(r, metric));
  if (!ci || r.ci95 === undefined) return value;
  return t(lang, 'lesson.ci', { value, half: formatHalf(metric, metricValue(r.ci95, metric)) });
}

export function answerLesson(lesson: Lesson, summary: Summary, lang: Lang): LessonAnswer {
  const byLabel = new Map(summary.results.map((r) => [r.strategy, r]));
  const quoted = (text: string): string =>
    fillPlaceholders(text, (p) => {
      const r = byLabel.get(p.label);
      const value = r === undefined ? '?' : quote(r, p.metric as MetricPath, p.ci, lang);
      return p.choice === null ? value : choose(lang, value, ...p.choice);
    });
  const fill = (text: string, own: Record<string, string>): string => fillVars(lang, quoted(text), own);
  const answer = {
    order: lesson.order,
    question: lesson.question[lang],
    findings: lesson.findings.map((f) => answerFinding(f, byLabel, lang, fill)),
  };
  if (summary.runs > 1) {
    const over = t(lang, 'lesson.meanOf', { runs: summary.runs });
    for (const f of answer.findings) if (f.holds !== null) f.check = `${f.check} ${over}`;
  }
  return answer;
}

function answerFinding(f: LessonFinding, byLabel: Map<string, StrategyResult>, lang: Lang,
  fill: (text: string, own: Record<string, string>) => string): FindingAnswer {
  const metricName = (m: MetricPath): string => t(lang, `metric.${m}`);
  if ('claim' in f) {
    const c = f.claim;
    const a = byLabel.get(c.strategy);
    const otherLabel = typeof c.than === 'number' ? null : c.than.strategy;
    const b = otherLabel === null ? undefined : byLabel.get(otherLabel);
    if (a === undefined || (otherLabel !== null && b === undefined)) {
      return { holds: null, text: f.say[lang], check: t(lang, 'lesson.notRun', { strategy: a === undefined ? c.strategy : otherLabel! }) };
    }
    const value = metricValue(a, c.metric);
    let thanValue: number;
    let thanText: string;
    if (typeof c.than === 'number') {
      thanValue = c.than;
      thanText = formatMetric(c.metric, thanValue);
    } else {
      const m = c.than.metric ?? c.metric;
      thanValue = metricValue(b!, m) * c.than.times;
      const base = t(lang, 'lesson.ofStrategy', { metric: metricName(m), strategy: c.than.strategy, value: formatMetric(m, metricValue(b!, m)) });
      thanText = c.than.times === 1 ? base : t(lang, 'lesson.times', { times: trimNum(c.than.times), what: base });
    }
    const own = { value: formatMetric(c.metric, value), than: formatMetric(c.metric, thanValue) };
    return {
      holds: judge(a, { metric: c.metric, is: c.is, than: thanValue }).holds,
      text: fill(f.say[lang], own),
      check: t(lang, 'lesson.check', { metric: metricName(c.metric), strategy: c.strategy, value: own.value, is: c.is === '==' ? '=' : c.is, than: thanText }),
    };
  }
  const missing = [...f.includes, ...f.excludes].find((s) => !byLabel.has(s));
  if (missing !== undefined) return { holds: null, text: f.say[lang], check: t(lang, 'lesson.notRun', { strategy: missing }) };
  const results = [...byLabel.values()];
  const onFrontier = frontier(results, f.frontier.x, f.frontier.y);
  const dominated = results.map((r) => r.strategy).filter((s) => !onFrontier.includes(s));
  const list = (xs: string[]): string => (xs.length === 0 ? t(lang, 'lesson.none') : xs.join(', '));
  const own = { frontier: list(onFrontier), dominated: list(dominated) };
  return {
    holds: f.includes.every((s) => onFrontier.includes(s)) && f.excludes.every((s) => dominated.includes(s)),
    text: fill(f.say[lang], own),
    check: t(lang, 'lesson.frontierCheck', { x: metricName(f.frontier.x), y: metricName(f.frontier.y), frontier: own.frontier, dominated: own.dominated }),
  };
}
