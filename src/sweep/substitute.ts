import { formatPath } from '../scenario/errors';
import { DEFAULT_STRATEGIES } from '../strategies';

type Json = unknown;

/**
 * Returns a copy of the raw scenario document with the field at `path` set to `value`,
 * or a message saying why the path does not lead anywhere. The result is then
 * validated by the normal loader, so a bad value is reported with its field path.
 *
 * Two conveniences keep sweep paths short: a strategy written as a bare name
 * ("post-write-window") becomes { name: … } when a parameter of it is swept, and a
 * scenario without `strategies:` gets the default list first, so strategies[3]
 * means what `lagsim run` would have run.
 */
export function substitute(doc: Json, path: Array<string | number>, value: Json): Json | string {
  const root = structuredClone(doc) as Record<string, Json>;
  if (path[0] === 'strategies' && root.strategies === undefined) root.strategies = [...DEFAULT_STRATEGIES];
  let node: Json = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const here = formatPath(path.slice(0, i + 1));
    const container = node as Record<string | number, Json>;
    let child = container[key];
    const nextIsField = typeof path[i + 1] === 'string';
    if (child === undefined || child === null) {
      if (typeof key === 'number') return `${here}: no such element (the list has ${(container as unknown as Json[]).length})`;
      if (!nextIsField) return `${here}: the file has no list here`;
      child = container[key] = {};
    } else if (typeof child === 'string' && nextIsField && path[0] === 'strategies' && i === 1) {
      child = container[key] = { name: child };
    }
    if (typeof child !== 'object' || child === null) {
      return `${here} is ${JSON.stringify(child)}, not a set of fields; write it out in the file (e.g. lag: { dist: exponential, mean: 300ms }) to sweep ${formatPath(path)}`;
    }
    if (Array.isArray(child) === nextIsField) {
      return `${here} is ${Array.isArray(child) ? 'a list; index it like ' + here + '[0]' : 'not a list'}`;
    }
    if (!nextIsField && (path[i + 1] as number) >= (child as Json[]).length) {
      return `${formatPath(path.slice(0, i + 2))}: no such element (the list has ${(child as Json[]).length})`;
    }
    node = child;
  }
  (node as Record<string | number, Json>)[path[path.length - 1]] = value;
  return root;
}
