import { Lang, t } from '../i18n';

/** A scenario file as `lagsim list` shows it; `lesson` read from the file without validation. */
export interface ListedScenario {
  file: string;
  title: string;
  doc: unknown;
}

interface ListedLesson {
  order: number;
  question: string;
}

function lessonOf(doc: unknown, lang: Lang): ListedLesson | null {
  const l = (doc as { lesson?: { order?: unknown; question?: Record<string, unknown> } } | null)?.lesson;
  if (l === undefined || l === null || typeof l.order !== 'number') return null;
  const q = l.question?.[lang] ?? l.question?.en;
  return { order: l.order, question: typeof q === 'string' ? q : '' };
}

/**
 * The lines of `lagsim list`: scenarios with their titles, then the lessons in their
 * order, each with its question in the chosen language.
 */
export function listLines(items: ListedScenario[], lang: Lang): string[] {
  const plain = items.filter((x) => lessonOf(x.doc, lang) === null);
  const lessons = items
    .map((x) => ({ ...x, lesson: lessonOf(x.doc, lang)! }))
    .filter((x) => x.lesson !== null)
    .sort((a, b) => a.lesson.order - b.lesson.order || a.file.localeCompare(b.file));
  const width = Math.max(0, ...items.map((r) => r.file.length));
  const lines = plain.map((x) => `${x.file.padEnd(width)}  ${x.title}`);
  if (lessons.length > 0) {
    lines.push('', t(lang, 'lesson.list'));
    for (const x of lessons) {
      lines.push(`${String(x.lesson.order).padStart(2)}. ${x.file.padEnd(width)}  ${x.title}`);
      if (x.lesson.question !== '') lines.push(`    ${t(lang, 'lesson.question')}: ${x.lesson.question}`);
    }
  }
  return lines;
}
