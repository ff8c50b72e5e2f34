import { Exercise, Lesson } from '../scenario/lesson';
import { parseScenario } from '../scenario/load';
import { parseYaml } from '../scenario/parseText';
import { InputError } from '../scenario/errors';
import { Scenario } from '../scenario/types';
import { at, msg, within } from '../i18n/problem';
import { fieldPath } from '../sweep/param';
import { substitute } from '../sweep/substitute';
import type { Summary } from '../metrics/summary';
import { Lang } from '../i18n';
import { FindingAnswer, answerLesson } from './answer';

/**
 * An exercise made runnable: the lesson's scenario with the exercise's `change` applied
 * (sweep paths into the document as written), without its lesson block, whose findings
 * name the original strategy labels. Problems come back as InputError, naming the exercise.
 */
export function exerciseScenario(text: string, file: string, exercise: Exercise, index: number): Scenario {
  let doc = parseYaml(text, file) as Record<string, unknown>;
  const where = `${file}: lesson.exercises[${index}].change`;
  for (const [pathText, value] of Object.entries(exercise.change)) {
    const path = fieldPath(pathText);
    if (path === null) throw new InputError([at(where, msg('v.paramPath', { path: `"${pathText}"` }))]);
    const filled = substitute(doc, path, value);
    if ('problem' in filled) throw new InputError(within(where, [filled.problem]));
    doc = filled.doc as Record<string, unknown>;
  }
  delete doc.lesson;
  return parseScenario(JSON.stringify(doc), `${file} (exercise ${index + 1})`);
}

/** The exercise's claims judged on a summary of its changed scenario, as a lesson's findings are. */
export function checkExercise(lesson: Lesson, exercise: Exercise, summary: Summary, lang: Lang): FindingAnswer[] {
  const findings = exercise.check.map((claim) => ({ claim, say: exercise.answer }));
  return answerLesson({ ...lesson, findings, exercises: [] }, summary, lang).findings;
}
