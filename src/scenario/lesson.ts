import { z } from 'zod';
import { METRIC_PATHS, MetricPath, isMetricPath } from '../metrics/registry';
import { Msg, msg } from '../i18n/problem';
import { LANGS } from '../i18n';
import { perLanguage } from './text';
import { fieldPath } from '../sweep/param';
import { COMPARISONS } from '../metrics/threshold';

/**
 * A lesson: a scenario that asks a question and states what its numbers should show.
 * The answer is never taken on trust: each finding is a claim about the summary
 * (a strategy's metric compared with a number or another strategy's metric, or which
 * strategies lie on the stale-rate / master-load frontier). Its sentence is shown as
 * the answer only when the run confirms it; otherwise the report says what the numbers
 * say instead. Sentences may quote numbers as {metric@strategy label}, and a mean over
 * replications with its 95% confidence interval as {metric@strategy label±}.
 * A lesson whose point is statistical names `runs`: its findings are judged on the mean
 * of that many replications (seeds seed … seed + runs − 1), as `--runs` would.
 */

/** A text in every language lagsim speaks (English required, the others read it when left out). */
const text = perLanguage(z.string().min(1).max(2000));
/** A claim may name any metric of the registry, by its dotted path in the summary JSON. */
const metric = z.enum(METRIC_PATHS as [MetricPath, ...MetricPath[]]);
const label = z.string().min(1).max(200);

/** The other side of a comparison: a number, or a (strategy's) metric times a factor. */
const than = z.union([
  z.number(),
  z.strictObject({ strategy: label, metric: metric.optional(), times: z.number().positive().default(1) }),
]);

const claim = z.strictObject({ strategy: label, metric, is: z.enum(COMPARISONS), than });

const compareFinding = z.strictObject({ claim, say: text });
const frontierFinding = z.strictObject({
  frontier: z.strictObject({ x: metric.default('masterReadShare'), y: metric.default('staleRate') }),
  includes: z.array(label).max(64).default([]),
  excludes: z.array(label).max(64).default([]),
  say: text,
});

/**
 * An exercise for after the lesson: what to change (`task`), what the student should then
 * see (`answer`), and the same as data a test can run — `change` sets fields of the
 * scenario document by sweep paths (`strategies[1].window`, `cluster.followers[0].lag`),
 * the lesson block is dropped, and every claim of `check` (labels of the changed
 * scenario) must hold on the changed scenario, judged like the lesson's findings.
 */
const exercise = z.strictObject({
  task: text,
  answer: text,
  change: z.record(z.string().min(1).max(200), z.unknown()).refine((c) => Object.keys(c).length > 0),
  check: z.array(claim).min(1).max(20),
});

export const lessonSchema = z.strictObject({
  /** Position in the sequence; `lagsim list` shows lessons in this order. */
  order: z.number().int().min(1).max(1000),
  question: text,
  /** Replications the findings are judged on (the mean of each number), unless `--runs` says otherwise. */
  runs: z.number().int().min(1).max(100).default(1),
  findings: z.array(z.union([compareFinding, frontierFinding])).min(1).max(20),
  /** One or two exercises to end the lesson with. */
  exercises: z.array(exercise).max(2).default([]),
});

export type Lesson = z.output<typeof lessonSchema>;
export type LessonFinding = Lesson['findings'][number];
export type Claim = z.output<typeof claim>;
export type Exercise = z.output<typeof exercise>;

/** A {metric@label}, {metric@label±} or {metric@label|a|b} in a sentence. */
export interface Placeholder {
  whole: string;
  metric: string;
  label: string;
  /** true for {metric@label±}: the mean with its 95% confidence interval. */
  ci: boolean;
  /** {metric@label|a|b}: not the number but the word of the two that it calls for (a Korean particle). */
  choice: [string, string] | null;
}

/** `{metric@…}`, whatever is inside: a malformed one is read whole as its label, which validation then refuses. */
const PLACEHOLDER = /\{([\w.]+)@([^{}]*)\}/g;
/** Inside: the label, ± for the interval, and |a|b for a word of two. */
const INSIDE = /^(.+?)(±?)(?:\|([^|]*)\|([^|]*))?$/s;

function placeholderOf(whole: string, metric: string, inside: string): Placeholder {
  const m = INSIDE.exec(inside);
  if (m === null) return { whole, metric, label: inside, ci: false, choice: null };
  return { whole, metric, label: m[1], ci: m[2] === '±', choice: m[3] === undefined ? null : [m[3], m[4]] };
}

export function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => placeholderOf(m[0], m[1], m[2]));
}

/** `text` with every placeholder replaced by what `fill` makes of it. */
export function fillPlaceholders(text: string, fill: (p: Placeholder) => string): string {
  return text.replace(PLACEHOLDER, (whole: string, metric: string, inside: string) => fill(placeholderOf(whole, metric, inside)));
}

/**
 * Every strategy label a lesson names, with its path in the file, so the loader can
 * check them against the scenario's strategies (a typo would make a claim unanswerable).
 */
export function lessonLabels(l: Lesson): Array<[Array<string | number>, string]> {
  const out: Array<[Array<string | number>, string]> = [];
  l.findings.forEach((f, i) => {
    const at = ['lesson', 'findings', i];
    if ('claim' in f) {
      out.push([[...at, 'claim', 'strategy'], f.claim.strategy]);
      if (typeof f.claim.than !== 'number') out.push([[...at, 'claim', 'than', 'strategy'], f.claim.than.strategy]);
    } else {
      f.includes.forEach((s, j) => out.push([[...at, 'includes', j], s]));
      f.excludes.forEach((s, j) => out.push([[...at, 'excludes', j], s]));
    }
    for (const lang of LANGS) {
      for (const p of placeholders(f.say[lang])) out.push([[...at, 'say', lang], p.label]);
    }
  });
  return out;
}

/** Problems of a lesson against the labels of the strategies the scenario runs: [path, problem]. */
export function lessonProblems(l: Lesson, labels: string[]): Array<[Array<string | number>, Msg]> {
  const problems: Array<[Array<string | number>, Msg]> = [];
  const known = new Set(labels);
  for (const [path, name] of lessonLabels(l)) {
    if (!known.has(name)) problems.push([path, msg('v.lessonLabel', { name: `"${name}"`, list: labels.map((s) => `"${s}"`) })]);
  }
  l.findings.forEach((f, i) => {
    for (const lang of LANGS) {
      for (const p of placeholders(f.say[lang])) {
        if (!isMetricPath(p.metric)) {
          problems.push([['lesson', 'findings', i, 'say', lang], msg('v.lessonMetric', { ref: `{${p.metric}@…}`, list: METRIC_PATHS })]);
        }
      }
    }
  });
  l.exercises.forEach((e, i) => {
    for (const p of Object.keys(e.change)) {
      if (fieldPath(p) === null) problems.push([['lesson', 'exercises', i, 'change'], msg('v.paramPath', { path: `"${p}"` })]);
    }
  });
  return problems;
}
