/**
 * Bad input: one message per problem, each naming the file (or option) and the field
 * path, e.g. `scenarios/x.yaml: cluster.followers[0].lag: expected a duration like "500ms", got "-3"`.
 * The CLI prints the lines and exits with code 2, never a stack trace.
 */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InputError';
  }
}

/** `cluster.followers[0].lag` from ['cluster', 'followers', 0, 'lag']. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += (out === '' ? '' : '.') + String(part);
  }
  return out;
}
