import type { Lang } from '../i18n';
import { clipped, msg, Problem, renderProblem, text } from '../i18n/problem';
import { printable } from '../report/printable';

/**
 * Bad input: one problem per thing wrong, each naming the file (or option) and the field
 * path, e.g. `scenarios/x.yaml: cluster.followers[0].lag: expected a duration like "500ms", got "-3"`.
 * The CLI prints the lines in the reader's language (`lines(lang)`) and exits with code 2,
 * never a stack trace. `issues` holds the problems as data (src/i18n/problem.ts);
 * `problems` and `message` are their English lines.
 *
 * A hostile file must not be able to flood the terminal or break the one-line-per-problem
 * rule, so each line is cut to MAX_PROBLEM_CHARS (room for lagsim's longest list, the 28
 * metrics an SLO may name) with control characters escaped, and at most MAX_PROBLEMS lines
 * are kept (the last one says how many more there were).
 */
export const MAX_PROBLEMS = 50;
export const MAX_PROBLEM_CHARS = 600;

export class InputError extends Error {
  /** The problems as data, at most MAX_PROBLEMS (the last may count the rest). */
  readonly issues: Problem[];
  /** The English lines, one per issue. */
  readonly problems: string[];

  /** Problems as data; a plain string is a line with no catalogue key (it stays as written in every language). */
  constructor(problems: ReadonlyArray<Problem | string>) {
    const issues = problems.length > 0 ? problems.map(asProblem) : [{ where: '', ...msg('v.badInput') }];
    if (issues.length > MAX_PROBLEMS) {
      const more = issues.length - MAX_PROBLEMS + 1;
      issues.splice(MAX_PROBLEMS - 1, Infinity, { where: '', ...msg('v.moreProblems', { n: more, problems: { plural: 'vw.problems', count: more } }) });
    }
    const lines = issues.map((p) => oneLine(renderProblem('en', p)));
    super(lines.join('\n'));
    this.issues = issues;
    this.problems = lines;
    this.name = 'InputError';
  }

  /** The problem lines in `lang`, each one line as `problems` are. */
  lines(lang: Lang): string[] {
    return lang === 'en' ? this.problems : this.issues.map((p) => oneLine(renderProblem(lang, p)));
  }
}

/**
 * Something lagsim needs is missing on this machine (a part of the package not built):
 * problem lines as for bad input, exit code 3, never a stack trace.
 */
export class EnvironmentError extends InputError {
  constructor(problems: ReadonlyArray<Problem | string>) {
    super(problems);
    this.name = 'EnvironmentError';
  }
}

function asProblem(p: Problem | string): Problem {
  return typeof p === 'string' ? { where: '', ...text(p) } : p;
}

/** Escapes control characters (newlines, ANSI escapes) and cuts a long line. */
export function oneLine(text: string): string {
  let out = printable(text);
  if (out.length > MAX_PROBLEM_CHARS) out = out.slice(0, MAX_PROBLEM_CHARS - 1) + '…';
  return out;
}

/** A field name that can be printed bare in a path; anything else is quoted: data["my key"]. */
const PLAIN = /^[\p{L}\p{N}_-]{1,64}$/u;

/** `cluster.followers[0].lag` from ['cluster', 'followers', 0, 'lag']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && PLAIN.test(part)) out += (out === '' ? '' : '.') + part;
    else out += `[${JSON.stringify(clipped(String(part)))}]`;
  }
  return out;
}
