import YAML, { LineCounter, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import { InputError, formatPath } from './errors';
import { at as about, Msg, msg, Problem, ProblemKey, text } from '../i18n/problem';
import { MAX_FIELDS, MAX_VALUES, MAX_YAML_SEPARATORS, jsonValues, yamlExpandedValues, yamlSeparators } from './inputSize';

/**
 * Scenario text → plain JSON-like value, refusing what a hostile or broken file could
 * use to hang or exhaust the process: too many values (inputSize.ts, counted before the
 * yaml library or the schema walks them, aliases expanded), deep nesting,
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

const tooDeep = (): Msg => msg('v.tooDeep', { n: MAX_DEPTH });

/**
 * The yaml library's sentences we have words for. The library reports a coarse code
 * (MISSING_CHAR alone covers nine sentences) and a fixed English sentence, so its
 * sentence is what identifies the problem: each entry is one sentence as the library
 * writes it, with at most one varying part, `var`, between `head` and `tail`.
 */
const YAML_SENTENCES: Array<{ head: string; tail?: string; var?: string; key: ProblemKey }> = [
  { head: 'Implicit keys need to be on a single line', key: 'v.yamlImplicitKey' },
  { head: 'Implicit map keys need to be followed by map values', key: 'v.yamlImplicitMap' },
  { head: 'Nested mappings are not allowed in compact mappings', key: 'v.yamlNested' },
  { head: 'All mapping items must start at the same column', key: 'v.yamlBadIndent' },
  { head: 'All sequence items must start at the same column', key: 'v.yamlBadIndentSeq' },
  { head: 'Tabs are not allowed as indentation', key: 'v.yamlTabs' },
  { head: 'Unexpected scalar at node end', key: 'v.yamlUnexpectedScalar' },
  { head: 'Unexpected flow-seq-end token', key: 'v.yamlUnexpectedFlowEnd' },
  { head: 'Missing closing ', tail: 'quote', var: 'quote', key: 'v.yamlMissingQuote' },
  { head: 'Expected a comma or closing brace in flow map', key: 'v.yamlFlowMap' },
  { head: 'Flow map must end with a }', key: 'v.yamlFlowMapEnd' },
  { head: 'Flow sequence must end with a ]', key: 'v.yamlFlowSeqEnd' },
  { head: 'Unresolved alias (the anchor must be set before the alias): ', var: 'name', key: 'v.yamlAlias' },
  { head: 'Source contains multiple documents; please use YAML.parseAllDocuments()', key: 'v.yamlMultiDoc' },
  { head: 'Plain value cannot start with ', var: 'char', key: 'v.yamlPlainStart' },
  { head: 'Tags and anchors must be separated from the next token by white space', key: 'v.yamlPropSpace' },
  { head: 'Anchors and tags must be after the ', tail: ' indicator', var: 'indicator', key: 'v.yamlPropOrder' },
  { head: 'The : indicator must be at most ', tail: ' chars after the start of an implicit key', var: 'n', key: 'v.yamlKeyTooLong' },
];

/** One yaml library message as a problem: ours when we know the sentence, else the library's words. */
function yamlProblem(sentence: string): Msg {
  if (STACK_OVERFLOW.test(sentence)) return tooDeep();
  for (const s of YAML_SENTENCES) {
    const tail = s.tail ?? '';
    if (s.var === undefined ? sentence !== s.head : !(sentence.startsWith(s.head) && sentence.endsWith(tail) && sentence.length > s.head.length + tail.length)) continue;
    return s.var === undefined ? msg(s.key) : msg(s.key, { [s.var]: sentence.slice(s.head.length, sentence.length - tail.length) });
  }
  return text(sentence);
}

/** How problems name standard input (`lagsim run -`). */
export const STDIN_LABEL = '<stdin>';

/**
 * Scenario text as a document: JSON when the label ends in .json, else YAML. A text
 * starting with { or [ is read as JSON first whatever its name (standard input has none;
 * a YAML scenario whose lag files were read in is JSON text), and as YAML (a flow mapping
 * such as `{ name: x, … }`) when it is no valid JSON. JSON is YAML too, so a valid JSON
 * text reads the same either way — the JSON parser is faster by a factor of ~30 and
 * knows no YAML size limit a long list of samples would meet.
 */
export function parseDocument(source: string, label: string): unknown {
  if (/\.json$/i.test(label)) return parseJson(source, label);
  if (/^\uFEFF?\s*[{[]/.test(source)) {
    try {
      return parseJson(source, label);
    } catch (err) {
      const notJson = err instanceof InputError && err.issues.length === 1 && err.issues[0].key === 'v.notJson';
      if (!notJson) throw err;
    }
  }
  return parseYaml(source, label);
}

export function parseYaml(source: string, label: string): unknown {
  const separators = yamlSeparators(source);
  if (separators > MAX_YAML_SEPARATORS) throw new InputError([about(label, msg('v.yamlTooBig', { max: MAX_YAML_SEPARATORS }))]);
  // YAML 1.2 counts a lone CR as a line break; the yaml library does not. One character
  // for one, so offsets and line numbers stay those of the file.
  const text = source.replace(/\r(?!\n)/g, '\n');
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: true, lineCounter: lines });
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return '';
    const p = lines.linePos(offset);
    return `:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) throw new InputError(onceTooDeep(doc.errors.slice(0, 20).map((e) => about(`${label}${at(e.pos?.[0])}`, yamlProblem(e.message.split('\n')[0])))));
  const problems = checkYamlTree(doc.contents, (offset) => `${label}${at(offset)}`, (offset) => lines.linePos(offset).line);
  if (problems.length > 0) throw new InputError(problems);
  if (yamlExpandedValues(doc.contents) > MAX_VALUES) throw new InputError([about(label, msg('v.aliases'))]);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    const message = (err as Error)?.message?.split('\n')[0] ?? String(err);
    throw new InputError([about(label, /alias count/i.test(message) ? msg('v.aliases') : yamlProblem(message))]);
  }
  if (value === null || value === undefined) throw new InputError([about(label, msg('v.emptyFile'))]);
  return value;
}

/** The parser that gives out on deep nesting says so at every level it unwinds: one line is enough. */
function onceTooDeep(problems: Problem[]): Problem[] {
  const first = problems.findIndex((p) => p.key === 'v.tooDeep');
  return first < 0 ? problems : problems.filter((p, i) => p.key !== 'v.tooDeep' || i === first);
}

/** Walks the YAML tree without recursion: depth, tags, keys that are not plain names, duplicates. */
function checkYamlTree(root: unknown, where: (offset: number | undefined) => string, lineOf: (offset: number) => number): Problem[] {
  const problems: Problem[] = [];
  const stack: Array<{ node: unknown; path: Path }> = [{ node: root, path: [] }];
  while (stack.length > 0 && problems.length < 20) {
    const { node, path } = stack.pop()!;
    const offset = (node as { range?: [number] } | null)?.range?.[0];
    const here = (offset: number | undefined): string => where(offset) + (path.length > 0 ? `: ${formatPath(path)}` : '');
    if (path.length > MAX_DEPTH) {
      problems.push(about(where(offset), tooDeep()));
      break;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      problems.push(about(here(offset), msg('v.yamlTag', { tag: tag.replace('tag:yaml.org,2002:', '!!') })));
      continue;
    }
    if (isMap(node)) {
      const seen = new Map<string, number | undefined>();
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const key = item.key;
        const keyOffset = (key as { range?: [number] } | null)?.range?.[0];
        if (!isScalar(key) || (key.value !== null && typeof key.value === 'object')) {
          problems.push(about(here(keyOffset), msg('v.keyNotPlain', { what: msg(isAlias(key) ? 'vw.alias' : 'vw.listOrMapping') })));
          continue;
        }
        const name = String(key.value);
        if (name === '__proto__') {
          problems.push(about(here(keyOffset), msg('v.proto')));
          continue;
        }
        if (seen.has(name)) {
          const first = seen.get(name);
          const twice = first !== undefined ? msg('v.duplicateYaml', { line: lineOf(first) }) : msg('v.duplicateYamlNoLine');
          problems.push(about(`${where(keyOffset)}: ${formatPath([...path, name])}`, twice));
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

export function parseJson(source: string, label: string): unknown {
  // A byte-order mark is no JSON token, but editors on Windows write one.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    throw new InputError([about(label, msg('v.notJson', { detail: STACK_OVERFLOW.test(message) ? tooDeep() : message }))]);
  }
  checkValueCount(value, label);
  const problems = checkJsonValue(value, label);
  if (problems.length === 0) {
    const dup = duplicateJsonKey(text);
    if (dup !== null) problems.push(about(`${label}:${dup.line}:${dup.col}: ${formatPath(dup.path)}`, msg('v.duplicateJson')));
  }
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

/** An already-parsed document, held to the same limits as parsed JSON text (depth, "__proto__"). */
export function checkParsedValue(value: unknown, label: string): unknown {
  checkValueCount(value, label);
  const problems = checkJsonValue(value, label);
  if (problems.length > 0) throw new InputError(problems);
  return value;
}

/** Refuses a parsed document of more than MAX_VALUES values or too large a mapping, before anything walks it. */
function checkValueCount(value: unknown, label: string): void {
  const values = jsonValues(value, MAX_DEPTH);
  if (values === Infinity) throw new InputError([about(label, msg('v.tooManyFields', { max: MAX_FIELDS }))]);
  if (values > MAX_VALUES) throw new InputError([about(label, msg('v.tooManyValues', { max: MAX_VALUES }))]);
}

/** Depth and "__proto__" (JSON.parse makes it an own property, which zod's records would drop silently). */
function checkJsonValue(root: unknown, label: string): Problem[] {
  const stack: Array<{ value: unknown; path: Path }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) return [about(`${label}: ${formatPath(path)}`, tooDeep())];
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return [about(`${label}: ${formatPath(path) || '(top level)'}`, msg('v.proto'))];
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
