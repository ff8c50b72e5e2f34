/**
 * Bad input: one message per problem, each naming the file (or option) and the field
 * path, e.g. `scenarios/x.yaml: cluster.followers[0].lag: expected a duration like "500ms", got "-3"`.
 * The CLI prints the lines and exits with code 2, never a stack trace.
 *
 * A hostile file must not be able to flood the terminal or break the one-line-per-problem
 * rule, so each line is cut to MAX_PROBLEM_CHARS with control characters escaped, and at
 * most MAX_PROBLEMS lines are kept (the last one says how many more there were).
 */
export const MAX_PROBLEMS = 50;
export const MAX_PROBLEM_CHARS = 400;

export class InputError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const lines = problems.length > 0 ? problems.map(oneLine) : ['bad input'];
    if (lines.length > MAX_PROBLEMS) lines.splice(MAX_PROBLEMS - 1, Infinity, `… and ${lines.length - MAX_PROBLEMS + 1} more problems`);
    super(lines.join('\n'));
    this.problems = lines;
    this.name = 'InputError';
  }
}

/** Escapes control characters (newlines, ANSI escapes) and cuts a long line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  let out = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
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
    else {
      const text = String(part);
      out += `[${JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text)}]`;
    }
  }
  return out;
}
