import type { LessonAnswer } from './answer';
import type { Lesson } from '../scenario/lesson';
import { Lang, t } from '../i18n';
import { esc } from '../report/diagram';
import { printable } from '../report/printable';

/** The lesson's question and answer for the terminal (after `lagsim run`'s table); its texts come from the scenario, one line each. */
export function lessonText(a: LessonAnswer, lang: Lang): string {
  const lines = [`${t(lang, 'lesson.question')}: ${printable(a.question)}`, `${t(lang, 'lesson.answer')}:`];
  for (const f of a.findings) {
    if (f.holds === true) lines.push(`  ✓ ${printable(f.text)}`, `      (${printable(f.check)})`);
    else lines.push(`  ${f.holds === false ? '✗' : '?'} ${t(lang, f.holds === false ? 'lesson.fails' : 'lesson.unknown')}: ${printable(f.check)}`);
  }
  return lines.join('\n');
}

/**
 * How `lagsim run` reveals a lesson's answer: `now` (with --answers) prints the table and
 * the answers; `keypress` (stdin and stdout a terminal) prints the question and waits for
 * Enter before them; `hint` (no terminal to wait on) prints the question and how to see
 * the answers, never the numbers.
 */
export type Reveal = 'now' | 'keypress' | 'hint';

export function revealMode(answers: boolean, terminal: boolean): Reveal {
  return answers ? 'now' : terminal ? 'keypress' : 'hint';
}

/** The question alone, for before the prediction. */
export function questionText(lesson: Lesson, lang: Lang): string {
  return `${t(lang, 'lesson.question')}: ${printable(lesson.question[lang])}`;
}

/** The exercises that end the lesson: each task, and with `answers` what to expect. */
export function exercisesText(lesson: Lesson, lang: Lang, answers: boolean): string[] {
  if (lesson.exercises.length === 0) return [];
  const lines = ['', `${t(lang, 'lesson.exercises')}:`];
  lesson.exercises.forEach((e, i) => {
    lines.push(`  ${i + 1}. ${printable(e.task[lang])}`);
    if (answers) lines.push(`     ${t(lang, 'lesson.expect')}: ${printable(e.answer[lang])}`);
  });
  return lines;
}

/**
 * The same as HTML: a confirmed sentence is the answer; anything else says what the numbers
 * show. `withQuestion` false leaves the question out (a page that asks it above).
 */
export function lessonHtml(a: LessonAnswer, lang: Lang, withQuestion = true): string {
  const items = a.findings.map((f) => {
    const state = f.holds === true ? 'holds' : f.holds === false ? 'fails' : 'unknown';
    const mark = f.holds === true ? '✓' : f.holds === false ? '✗' : '?';
    const body = f.holds === true
      ? `${esc(f.text)}<div class="check">${esc(f.check)} — ${esc(t(lang, 'lesson.holds'))}</div>`
      : `<span class="check">${esc(t(lang, f.holds === false ? 'lesson.fails' : 'lesson.unknown'))}: ${esc(f.check)}</span>`;
    return `<li class="${state}" data-holds="${state}"><span class="mark">${mark}</span> ${body}</li>`;
  });
  const question = withQuestion ? `<p class="question"><strong>${esc(t(lang, 'lesson.question'))}:</strong> ${esc(a.question)}</p>` : '';
  return `<div class="lesson">${question}` +
    `<h3>${esc(t(lang, 'lesson.answer'))}</h3><ul class="answers">${items.join('')}</ul></div>`;
}

/** The exercises' tasks for a page; their expected outcomes stay on the teacher's side. */
export function exercisesHtml(lesson: Lesson, lang: Lang): string {
  if (lesson.exercises.length === 0) return '';
  const items = lesson.exercises.map((e) => `<li>${esc(e.task[lang])}</li>`);
  return `<div class="exercises"><h3>${esc(t(lang, 'lesson.exercises'))}</h3><ol class="exercises">${items.join('')}</ol>` +
    `<p class="check">${esc(t(lang, 'predict.exercisesNote'))}</p></div>`;
}

/**
 * A scenario document as a lesson's page embeds it (its JSON view, the lab): without the
 * lesson's exercises, whose checks and expected outcomes are the teacher's (the site's
 * teacher page, `lagsim run --answers`, scenario.json).
 */
export function withoutExercises(doc: Record<string, unknown>): Record<string, unknown> {
  const lesson = doc.lesson;
  if (lesson === null || typeof lesson !== 'object' || !('exercises' in lesson)) return doc;
  const { exercises: _, ...rest } = lesson as Record<string, unknown>;
  return { ...doc, lesson: rest };
}
