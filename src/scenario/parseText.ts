import YAML, { LineCounter, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { InputError, formatPath } from './errors';

/**
 * Scenario text → plain JSON-like value, refusing what a hostile or broken file could
 * use to hang or exhaust the process: alias bombs (capped expansion), deep nesting,
 * duplicate keys (checked here in linear time — the yaml library's own check is
 * quadratic, minutes for a file of 200 000 keys), exotic tags, collection keys and
 * "__proto__". Every refusal is an InputError naming the file, and where possible the
 * line, column and field path.
 */

/** Deepest nesting a scenario needs is 5 (cluster.followers[0].lag.dist); 64 is generous. */
export const MAX_DEPTH = 64;
/** Alias expansions allowed per file (yaml's maxAliasCount). */
export const MAX_ALIASES = 1000;

type Path = Array<string | number>;

const CORE_TAGS = new Set(['tag:yaml.org,2002:str', 'tag:yaml.org,2002:int', 'tag:yaml.org,2002:float', 'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null', 'tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

const STACK_OVERFLOW = /call stack/i;

export function parseYaml(text: string, label: string): unknown {
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, lineCounter: lines });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const p = lines.linePos(offset);
    return `:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.slice(0, 20).map((e) => {
      const first = e.message.split('\n')[0];
      const message = STACK_OVERFLOW.test(first) ? `nested too deeply (more than ${MAX_DEPTH} levels)` : first;
      return `${label}${at(e.pos?.[0])}: ${message}`;
    }));
  }
  const problems = checkYamlTree(doc.contents, (offset) => `${label}${at(offset)}`, (offset) => lines.linePos(offset).line);
  if (problems.length > 0) throw new InputError(problems);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const message = (err as Error)?.message?.split('\n')[0] ?? String(err);
    if (/alias count/i.test(message)) throw new InputError([`${label}: the YAML aliases (*name) expand to too much data; write the values out, or use fewer aliases`]);
    if (STACK_OVERFLOW.test(message)) throw new InputError([`${label}: nested too deeply (more than ${MAX_DEPTH} levels)`]);
    throw new InputError([`${label}: ${message}`]);
  }
  if (value === null || value === undefined) throw new InputError([`${label}: the file is empty`]);
  return value;
}

/** Walks the YAML tree without recursion: depth, tags, keys that are not plain names, duplicates. */
function checkYamlTree(root: unknown, where: (offset: number | undefined) => string, lineOf: (offset: number) => number): string[] {
  const problems: string[] = [];
  const stack: Array<{ node: unknown; path: Path }> = [{ node: root, path: [] }];
  while (stack.length > 0 && problems.length < 20) {
    const { node, path } = stack.pop()!;
    const offset = (node as { range?: [number] } | null)?.range?.[0];
    const here = path.length > 0 ? `${formatPath(path)}: ` : '';
    if (path.length > MAX_DEPTH) {
      problems.push(`${where(offset)}: nested too deeply (more than ${MAX_DEPTH} levels)`);
      break;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      problems.push(`${where(offset)}: ${here}the YAML tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not supported; write plain values`);
      continue;
    }
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        const keyOffset = (key as { range?: [number] } | null)?.range?.[0];
        if (!isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
          problems.push(`${where(keyOffset)}: ${here}a field name must be plain text, not ${isAlias(key) ? 'an alias' : 'a list or mapping'}`);
          continue;
        }
        const name = String(key.value);
        if (name === '__proto__') {
          problems.push(`${where(keyOffset)}: ${here}"__proto__" is not allowed as a field name`);
          continue;
        }
        if (seen.has(name)) {
          const first = seen.get(name);
          const also = first !== undefined ? ` (also on line ${lineOf(first)})` : '';
          problems.push(`${where(keyOffset)}: ${formatPath([...path, name])}: appears twice in the same mapping${also}; keep one`);
          continue;
        }
        seen.set(name, keyOffset);
        stack.push({ node: item.value, path: [...path, name] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, i] }));
    }
  }
  return problems;
}

export function parseJson(text: string, label: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    throw new InputError([`${label}: not valid JSON: ${STACK_OVERFLOW.test(message) ? `nested too deeply (more than ${MAX_DEPTH} levels)` : message}`]);
  }
  const problems = checkJsonValue(value, label);
  if (problems.length === 0) {
    const dup = duplicateJsonKey(text);
    if (dup !== null) problems.push(`${label}:${dup.line}:${dup.col}: ${formatPath(dup.path)}: appears twice in the same object; keep one`);
  }
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

/** An already-parsed document, held to the same limits as parsed JSON text (depth, "__proto__"). */
export function checkParsedValue(value: unknown, label: string): unknown {
  const problems = checkJsonValue(value, label);
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

/** Depth and "__proto__" (JSON.parse makes it an own property, which zod's records would drop silently). */
function checkJsonValue(root: unknown, label: string): string[] {
  const stack: Array<{ value: unknown; path: Path }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) return [`${label}: ${formatPath(path)}: nested too deeply (more than ${MAX_DEPTH} levels)`];
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return [`${label}: ${formatPath(path) || '(top level)'}: "__proto__" is not allowed as a field name`];
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return [];
}

/**
 * The first key repeated within one JSON object (JSON.parse silently keeps the last).
 * `text` must already be valid JSON; a single pass over it, so linear time.
 */
export function duplicateJsonKey(text: string): { path: Path; line: number; col: number } | null {
  interface Frame { keys: Set<string> | null; key: string | number; expectKey: boolean }
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      frames.push(c === 0x7b ? { keys: new Set(), key: '', expectKey: true } : { keys: null, key: 0, expectKey: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      frames.pop();
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1];
      if (top.keys !== null) top.expectKey = true;
      else top.key = (top.key as number) + 1;
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const top = frames[frames.length - 1];
      if (top !== undefined && top.keys !== null && top.expectKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        top.expectKey = false;
        top.key = key;
        if (top.keys.has(key)) {
          const before = text.slice(0, start);
          const line = before.split('\n').length;
          return { path: frames.map((f) => f.key), line, col: start - before.lastIndexOf('\n') };
        }
        top.keys.add(key);
      }
    }
  }
  return null;
}
