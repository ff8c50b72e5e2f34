import { formatPath } from '../scenario/errors';
import { at, msg, Problem } from '../i18n/problem';
import { DEFAULT_STRATEGIES } from '../strategies';

type Json = unknown;

/** The document with the value in place, or why the path does not lead anywhere. */
export type Substituted = { doc: Json } | { problem: Problem };

/**
 * Returns a copy of the raw scenario document with the field at `path` set to `value`,
 * or the problem saying why the path does not lead anywhere. The result is then
 * validated by the normal loader, so a bad value is reported with its field path.
 *
 * Two conveniences keep sweep paths short: a strategy written as a bare name
 * ("post-write-window") becomes { name: … } when a parameter of it is swept, and a
 * scenario without `strategies:` gets the default list first, so strategies[3]
 * means what `lagsim run` would have run.
 */
export function substitute(doc: Json, path: Array<string | number>, value: Json): Substituted {
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
      if (typeof key === 'number') return { problem: at(here, msg('v.noSuchElement', { n: (container as unknown as Json[]).length })) };
      if (!nextIsField) return { problem: at(here, msg('v.noListHere')) };
      child = container[key] = {};
    } else if (typeof child === 'string' && nextIsField && path[0] === 'strategies' && i === 1) {
      child = container[key] = { name: child };
    }
    if (typeof child !== 'object' || child === null) {
      return { problem: at('', msg('v.notFields', { here, value: JSON.stringify(child), path: formatPath(path) })) };
    }
    if (Array.isArray(child) === nextIsField) {
      return { problem: at('', msg(Array.isArray(child) ? 'v.isListIndex' : 'v.isNotList', { here })) };
    }
    if (!nextIsField && (path[i + 1] as number) >= (child as Json[]).length) {
      return { problem: at(formatPath(path.slice(0, i + 2)), msg('v.noSuchElement', { n: (child as Json[]).length })) };
    }
    node = child;
  }
  (node as Record<string | number, Json>)[path[path.length - 1]] = value;
  return { doc: root };
}
