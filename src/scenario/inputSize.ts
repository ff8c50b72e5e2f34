import { isAlias, isMap, isPair, isSeq } from 'yaml';

/**
 * The size budget of a scenario document, checked before anything walks it: what a
 * file of at most MAX_FILE_BYTES may cost to parse and validate is bounded by these
 * counts, not by its bytes (a 1 MB YAML file of aliases expands to a hundred million
 * values; a 5 MB flow list holds 2.6 million). The README's reliability section states
 * the time and memory this bound gives; test/fuzz-input-attacks.test.ts measures it.
 */

/**
 * Values (scalars, lists, mappings) a document may hold once YAML aliases are expanded.
 * The largest real scenario — 100 000 scripted events of six values each — holds 0.7 M.
 */
export const MAX_VALUES = 1_000_000;

/**
 * Separators a YAML text may hold. The yaml library keeps its whole syntax tree while it
 * composes a document: about 1 KB and several µs per value, so the 2.6 M values of a 5 MB
 * flow list take gigabytes. A value starts after a separator, so their count bounds the
 * values before the library sees the text. 200 000 allows about 25 000 scripted events
 * written in YAML; JSON, parsed natively, holds up to MAX_VALUES.
 */
export const MAX_YAML_SEPARATORS = 200_000;

/**
 * Characters that can precede a YAML value: flow "," "[" "{", block "-" "?" ":", and line
 * breaks. Counted everywhere, quoted text and comments included, so the count is an upper
 * bound however the text is quoted (a scan that skipped quotes could be fooled by one).
 */
const SEPARATOR = new Uint8Array(128);
for (const c of ',[{-?:\n') SEPARATOR[c.charCodeAt(0)] = 1;

/** How many separators `text` holds; stops counting past `limit`. */
export function yamlSeparators(text: string, limit = MAX_YAML_SEPARATORS): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 128 && SEPARATOR[c] === 1) n++;
  }
  return n;
}

/**
 * Values of a composed YAML document with every alias counted as the values it repeats,
 * in one pass over the nodes (aliases are not followed, so a bomb costs its file size).
 * An alias inside the node it names is a cycle: Infinity. The tree must already be
 * checked for depth (the walk recurses).
 */
export function yamlExpandedValues(root: unknown): number {
  const anchors = new Map<string, number>();
  const size = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) return anchors.get(node.source) ?? 1;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) anchors.set(anchor, Infinity);
    let n = 1;
    if (isMap(node)) for (const item of node.items) n += isPair(item) ? size(item.key) + size(item.value) : 0;
    else if (isSeq(node)) for (const item of node.items) n += size(item);
    if (anchor !== undefined) anchors.set(anchor, n);
    return n;
  };
  return size(root);
}

/**
 * Fields one mapping may hold. A JSON object this large is a hash table, and every walk
 * over it (the schema's, compiling) costs about 15 µs a field; 100 000 data rows pass.
 */
export const MAX_FIELDS = 100_000;

/**
 * Values of a parsed JSON document (objects, arrays, scalars) down to `maxDepth` levels —
 * deeper is refused as too deep, whatever the count; stops counting past `limit`.
 * Infinity when one object holds more than MAX_FIELDS fields.
 */
export function jsonValues(root: unknown, maxDepth: number, limit = MAX_VALUES): number {
  const values: unknown[] = [root];
  const depths: number[] = [0];
  let n = 0;
  while (values.length > 0 && n <= limit) {
    const value = values.pop();
    const depth = depths.pop()!;
    n++;
    if (value === null || typeof value !== 'object' || depth >= maxDepth) continue;
    if (Array.isArray(value)) {
      for (const child of value) values.push(child);
    } else {
      const before = values.length;
      for (const key in value) values.push((value as Record<string, unknown>)[key]);
      if (values.length - before > MAX_FIELDS) return Infinity;
    }
    while (depths.length < values.length) depths.push(depth + 1);
  }
  return n;
}
