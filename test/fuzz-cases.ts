import fc from 'fast-check';
import YAML from 'yaml';
import { Doc, scenarioDoc } from './property-scenarios';

/**
 * Hostile scenario files for the fuzz tests. Every case is invalid by construction —
 * a valid scenario with one definite fault, or text no scenario can be — and says what
 * the error must mention (a field path, or a phrase); cases that might happen to be
 * valid (a valid file cut short) say so, and only need to never crash.
 */
export interface FuzzCase {
  kind: string;
  label: string;
  text: string;
  /** Each of these must appear in some problem line (all lines start with the label). */
  mentions: string[];
  maybeValid?: boolean;
}

type Path = Array<string | number>;

const pathText = (p: Path): string => p.map((x, i) => (typeof x === 'number' ? `[${x}]` : `${i > 0 ? '.' : ''}${x}`)).join('');

export const BAD_DURATIONS: unknown[] = ['-3', '-1s', '10', '5 sec', '1h', '1e3ms', '0.5us', '1.0000001ms', 'abc', '', ' ', '∞', '10 MS', '1,5s',
  -1, NaN, Infinity, -Infinity, 1e20, '99999999m', true, null, [], {}, [1, 2], 'x'.repeat(300)];
export const BAD_RATES: unknown[] = [10, '10', '10/h', '-1/s', '1e3/s', 'fast', '', NaN, null, [], {}, '10/ s/', '10 per hour', Infinity, true];
const BAD_DISTS: unknown[] = [{ dist: 'exponental', mean: '1ms' }, { dist: 'uniform', min: '2s', max: '1s' }, { dist: 'normal', mean: '1ms' },
  { dist: 'lognormal', median: '0ms', sigma: 1 }, { dist: 'lognormal', median: '1ms', sigma: 11 }, { dist: 'exponential', mean: '1ms', extra: 1 },
  { mean: '1ms' }, { dist: null }, { dist: 'constant' }, { dist: 'constructor', mean: '1ms' }, { dist: 'toString' }, { dist: 'uniform', min: '-1s', max: '1s' }];
const BAD_COUNTS: unknown[] = [0, -1, 1.5, 1e7, '10', NaN, Infinity, null, true, [], {}];
const BAD_NAMES: unknown[] = ['Bad Name', '', 'x'.repeat(65), 123, null, [], {}, true, 'UPPER', 'a_b', 'ü'];
const BAD_STRATEGIES: unknown[] = ['all-folower', 'All-Follower', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '', 42, null, {}, [],
  { name: 'post-write-window', window: 'soon' }, { name: 'post-write-window', scope: 'sesion' }, { name: 'post-write-window', windw: '1s' },
  { name: 'causal', mode: 'wiat' }, { name: 'causal', mode: 'fast', timeout: '1s' }, { name: 'all-master', extra: 1 }, { name: 42 },
  { name: 'post-write-window', window: -5 }, { name: 'critical-only', balance: 'least-laged' }, { name: 'constructor' }];
const BAD_EVENTS = (durationMs: number): unknown[] => [
  { at: '1ms', actor: 'a', delete: 'apple' }, { at: '1ms', actor: 'a', read: 'apple', write: 'apple', set: {} }, { actor: 'a', read: 'apple' },
  { at: '1ms', read: 'apple' }, { at: '1ms', actor: 'has space', read: 'apple' }, { at: '-1ms', actor: 'a', read: 'apple' },
  { at: '1ms', actor: 'a', read: 'apple', set: { stock: 1 } }, { at: '1ms', actor: 'a', write: 'apple' }, { at: '1ms', actor: 'a', write: 'apple', set: { stock: {} } },
  { at: `${durationMs + 1000}ms`, actor: 'a', read: 'apple' }, 'read apple', null, 42, { at: '1ms', actor: 'a', read: 'apple', critical: 'yes' },
  { at: '1ms', actor: 'a', read: '' }, { at: '1ms', actor: '', read: 'apple' }, { at: '1ms', actor: 'a', read: 'x'.repeat(65) }, [],
];

/** A valid document and one definite fault: [fault name, mutate(doc) → path the error must name]. */
type Fault = (doc: Doc, pick: (xs: unknown[]) => unknown) => Path | null;

const followers = (doc: Doc): Doc[] => (doc.cluster as { followers: Doc[] }).followers;
const workload = (doc: Doc): Doc => {
  if (doc.workload === undefined) doc.workload = { keys: 5, writeRate: '5/s', readRate: '50/s' };
  return doc.workload as Doc;
};
const events = (doc: Doc): unknown[] => {
  if (!Array.isArray(doc.events)) doc.events = [];
  return doc.events as unknown[];
};

const FIELD_FAULTS: Array<[string, Fault]> = [
  ['name', (d, pick) => { d.name = pick(BAD_NAMES); return ['name']; }],
  ['title', (d, pick) => { d.title = pick([123, 'x'.repeat(201), {}, [], true, null]); return ['title']; }],
  ['seed', (d, pick) => { d.seed = pick([-1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, 1e300, '1', true, null, [], {}]); return ['seed']; }],
  ['duration', (d, pick) => { d.duration = pick([...BAD_DURATIONS, 0, '0ms', '0s']); return ['duration']; }],
  ['cluster', (d, pick) => { d.cluster = pick([null, [], 'x', 1, {}]); return ['cluster']; }],
  ['followers', (d, pick) => {
    const f = followers(d);
    (d.cluster as Doc).followers = pick([[], 'f0', {}, null, Array.from({ length: 17 }, (_, i) => ({ ...f[0], name: `g${i}` }))]);
    return ['cluster', 'followers'];
  }],
  ['follower.name', (d, pick) => {
    const f = followers(d);
    const i = f.length - 1;
    f[i].name = f.length > 1 && pick([true, false]) ? f[0].name : pick([...BAD_NAMES, 'master']);
    return ['cluster', 'followers', i, 'name'];
  }],
  ['follower.lag', (d, pick) => { followers(d)[0].lag = pick([...BAD_DURATIONS, ...BAD_DISTS]); return ['cluster', 'followers', 0, 'lag']; }],
  ['follower.applyTime', (d, pick) => { followers(d)[0].applyTime = pick([...BAD_DURATIONS.filter((x) => x !== undefined), ...BAD_DISTS]); return ['cluster', 'followers', 0, 'applyTime']; }],
  ['follower.readLatency', (d, pick) => { followers(d)[0].readLatency = pick(BAD_DURATIONS); return ['cluster', 'followers', 0, 'readLatency']; }],
  ['follower.capacity', (d, pick) => { followers(d)[0].capacity = pick([...BAD_RATES, '0/s']); return ['cluster', 'followers', 0, 'capacity']; }],
  ['follower.incidents', (d, pick) => {
    followers(d)[0].incidents = pick([[{ type: 'stpo', at: '1s', duration: '1s' }], [{ type: 'delay', at: '1s', duration: '1s' }],
      [{ type: 'stop', at: '1s', duration: '1s', extra: '1s' }], [{ type: 'stop', at: '1s', duration: '0s' }], 'x', [null], [{ at: '1s' }],
      [{ type: 'stop', at: '-1s', duration: '1s' }], Array.from({ length: 1001 }, () => ({ type: 'stop', at: '1s', duration: '1s' }))]);
    return ['cluster', 'followers', 0, 'incidents'];
  }],
  ['follower.missing', (d, pick) => { const k = pick(['name', 'lag']) as string; delete followers(d)[0][k]; return ['cluster', 'followers', 0, k]; }],
  ['master', (d, pick) => {
    const n = followers(d).length;
    const [field, value] = pick([['readLatency', pick(BAD_DURATIONS)], ['capacity', pick([...BAD_RATES, '0/s'])],
      ['semiSync', { waitFor: 0 }], ['semiSync', { waitFor: 17 }], ['semiSync', { timeout: '-1s' }], ['semiSync', { waitFor: n + 1 }], ['semiSync', 'yes']]) as [string, unknown];
    (d.cluster as Doc).master = { [field]: value };
    return ['cluster', 'master', field];
  }],
  ['serviceTime', (d, pick) => { (d.cluster as Doc).serviceTime = pick(['exponentail', 'poisson', 1, null]); return ['cluster', 'serviceTime']; }],
  ['data', (d, pick) => {
    const [value, at] = pick([[{ 'a b': { stock: 1 } }, ['data']], [{ apple: 5 }, ['data', 'apple']], [{ apple: { stock: {} } }, ['data', 'apple', 'stock']],
      [{ apple: { stock: 'x'.repeat(10_001) } }, ['data', 'apple', 'stock']], [{ apple: [] }, ['data', 'apple']], ['x', ['data']], [[], ['data']], [{ '': {} }, ['data']]]) as [unknown, Path];
    d.data = value;
    return at;
  }],
  ['event', (d, pick) => {
    const evs = events(d);
    const durationMs = Number(String(d.duration).replace(/ms$/, ''));
    const i = evs.length === 0 ? 0 : Math.min(evs.length - 1, 1);
    evs[i] = pick(BAD_EVENTS(durationMs));
    return ['events', i];
  }],
  ['events', (d, pick) => { d.events = pick(['x', {}, 1, true]); return ['events']; }],
  ['workload.count', (d, pick) => { const k = pick(['keys', 'sessions']) as string; workload(d)[k] = pick(BAD_COUNTS); return ['workload', k]; }],
  ['workload.rate', (d, pick) => { const k = pick(['readRate', 'writeRate']) as string; workload(d)[k] = pick(BAD_RATES); return ['workload', k]; }],
  ['workload.criticalFraction', (d, pick) => { workload(d).criticalFraction = pick([-0.1, 1.5, NaN, '0.5', null, Infinity]); return ['workload', 'criticalFraction']; }],
  ['workload.popularity', (d, pick) => { workload(d).popularity = pick(['zipfy', { zipf: 0 }, { zipf: -1 }, { zipf: 11 }, { zipff: 1 }, 3, null, [], { zipf: NaN }]); return ['workload', 'popularity']; }],
  ['workload.missing', (d, pick) => { const k = pick(['keys', 'readRate', 'writeRate']) as string; delete workload(d)[k]; return ['workload', k]; }],
  ['workload.noDuration', (d) => { workload(d); delete d.duration; return ['duration']; }],
  ['strategy', (d, pick) => {
    const list = Array.isArray(d.strategies) && d.strategies.length > 0 ? d.strategies as unknown[] : (d.strategies = ['all-follower']) as unknown[];
    const i = list.length - 1;
    list[i] = pick(BAD_STRATEGIES);
    return ['strategies', i];
  }],
  ['strategies', (d, pick) => { d.strategies = pick([[], 'all-master', {}, Array.from({ length: 65 }, () => 'all-master')]); return ['strategies']; }],
  ['stockField', (d, pick) => { d.stockField = pick(['', 1, 'x'.repeat(65), null]); return ['stockField']; }],
  ['missing', (d, pick) => { const k = pick(['name', 'cluster']) as string; delete d[k]; return [k]; }],
  ['limit.ops', (d) => { d.duration = '20m'; workload(d).readRate = '5000000/s'; return ['workload']; }],
  ['limit.backlog', (d) => {
    d.duration = '30m';
    workload(d).writeRate = '100000/s';
    followers(d)[0].incidents = [{ at: '1s', duration: '25m', type: 'stop' }];
    return ['cluster'];
  }],
  ['limit.writeLatency', (d) => {
    d.duration = '30m';
    workload(d).writeRate = '100000/s';
    (d.cluster as Doc).master = { writeLatency: '10m' };
    return ['cluster'];
  }],
  ['limit.sessionKeys', (d) => { d.duration = '20m'; Object.assign(workload(d), { keys: 1_000_000, sessions: 1_000_000, readRate: '100000/s' }); return ['workload']; }],
];

/** An unknown field somewhere: a typo of a real one (digits and underscores never occur in field names) or junk. */
const UNKNOWN_KEYS = ['colour', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', ' ', 'ζ', 'a.b', 'x'.repeat(500), '\u001b[31mred', 'line\nbreak', '0'];

function objectsIn(doc: unknown, path: Path = [], out: Array<[Doc, Path]> = []): Array<[Doc, Path]> {
  if (doc === null || typeof doc !== 'object') return out;
  if (Array.isArray(doc)) doc.forEach((x, i) => objectsIn(x, [...path, i], out));
  else {
    // Inside data rows and event rows every key is allowed; they are not schema objects.
    const last = path[path.length - 1];
    if (last !== 'set' && path[0] !== 'data') out.push([doc as Doc, path]);
    for (const [k, v] of Object.entries(doc)) objectsIn(v, [...path, k], out);
  }
  return out;
}

function serialize(doc: unknown, json: boolean): string {
  return json ? JSON.stringify(doc, null, 1) : YAML.stringify(doc, { aliasDuplicateObjects: false });
}

const base = scenarioDoc({ queues: true });
const format = fc.boolean();

const fieldFault = fc.tuple(base, fc.constantFrom(...FIELD_FAULTS), fc.infiniteStream(fc.nat()), format).map(([doc, [name, fault], picks, json]) => {
  const d = structuredClone(doc);
  const it = picks[Symbol.iterator]();
  const pick = (xs: unknown[]): unknown => xs[it.next().value % xs.length];
  const at = fault(d, pick)!;
  return { kind: `field:${name}`, label: `fuzz/${name}.${json ? 'json' : 'yaml'}`, text: serialize(d, json), mentions: [pathText(at)] };
});

const unknownField = fc.tuple(base, fc.nat(), fc.oneof(fc.constantFrom(...UNKNOWN_KEYS), fc.stringMatching(/^[a-z][A-Za-z]{1,10}[0-9_][A-Za-z0-9_]{0,3}$/)), format)
  .map(([doc, n, key, json]) => {
    const d = structuredClone(doc);
    const objects = objectsIn(d);
    const [obj, path] = objects[n % objects.length];
    obj[key] = 1;
    // Unknown keys inside a strategy entry are reported by the strategy's own schema; inside dists likewise.
    return { kind: 'unknown-field', label: `fuzz/unknown.${json ? 'json' : 'yaml'}`, text: serialize(d, json), mentions: [path.length === 0 ? '' : pathText(path)] };
  });

const duplicateKey = fc.tuple(base, fc.nat(), format).map(([doc, n, json]) => {
  const text = serialize(doc, json);
  if (json) {
    const keys = [...text.matchAll(/"([A-Za-z]\w*)":/g)];
    const m = keys[n % keys.length];
    return { kind: 'duplicate-key', label: 'fuzz/dup.json', text: `${text.slice(0, m.index)}"${m[1]}":0,${text.slice(m.index)}`, mentions: ['appears twice'] };
  }
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z][\w-]*:( .*)?$/.test(l));
  const [line, i] = candidates[n % candidates.length];
  // Before the original: a block key ("cluster:") keeps its children.
  lines.splice(i, 0, line.replace(/:( .*)?$/, ': 0'));
  return { kind: 'duplicate-key', label: 'fuzz/dup.yaml', text: lines.join('\n'), mentions: ['appears twice'] };
});

// Past a few thousand levels the YAML parser's own recursion gives out (and is caught); JSON.parse
// is iterative, so JSON goes deeper. Deeper YAML only costs time: the parser is ~O(depth) per level.
const deepNesting = fc.tuple(fc.integer({ min: 65, max: 4000 }), fc.constantFrom('flow-seq', 'flow-map', 'block', 'json'), fc.nat()).map(([depth, style, n]) => {
  const d = style === 'block' ? Math.min(depth, 500) : style === 'json' ? depth * 25 : depth;
  const text = style === 'flow-seq' ? `name: x\ncluster: ${'['.repeat(d)}${']'.repeat(d)}\n`
    : style === 'flow-map' ? `name: x\ndata: ${'{a: '.repeat(d)}1${'}'.repeat(d)}\n`
      : style === 'block' ? `name: x\n${Array.from({ length: d }, (_, i) => `${' '.repeat(i)}k${n % 7}:`).join('\n')} 1\n`
        : `{"name": "x", "cluster": ${'['.repeat(d)}${']'.repeat(d)}}`;
  return { kind: `deep-${style}`, label: `fuzz/deep.${style === 'json' ? 'json' : 'yaml'}`, text, mentions: ['nested too deeply'] };
});

const aliasBomb = fc.tuple(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 4, max: 12 })).map(([levels, fan]) => {
  const lines = ['name: bomb', `a0: &a0 [${Array(fan).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(fan).fill(`*a${i - 1}`).join(', ')}]`);
  // Small ones expand fine (and then a0… are unknown fields); big ones must hit the cap.
  return { kind: 'alias-bomb', label: 'fuzz/bomb.yaml', text: lines.join('\n') + '\n', mentions: [fan ** levels > 1e6 ? 'aliases' : ''] };
});

const tags = fc.constantFrom('!!binary aGVsbG8=', '!!set {a, b}', '!!omap [{a: 1}]', '!!timestamp 2001-12-14', '!custom x', '!!js/function "f"', '!<tag:x> y')
  .chain((tag) => fc.constantFrom('title', 'seed', 'data').map((field) => ({
    kind: 'tag', label: 'fuzz/tag.yaml', text: `name: x\n${field}: ${tag}\ncluster: { followers: [ { name: f, lag: 1s } ] }\n`, mentions: [''],
  })));

const garbage = fc.oneof(
  fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom('', ' ', '\n\n', '# only a comment', '---', '--- a\n--- b', 'a: 1\n---\nb: 2', '\t- x', '{', '[', '"', "'", '&a', '*a',
    'a: *nope', '? [a]\n: 1', '{"a": 1,}', 'NaN', '\u0000', '\ufeff', 'name: x\n\tcluster: 1', 'null', '~', 'true', '12', '[]', '{}', '- - -'),
).chain((text) => fc.boolean().map((json) => ({ kind: 'garbage', label: `fuzz/garbage.${json ? 'json' : 'yaml'}`, text, mentions: [''] })));

const randomValue = fc.tuple(fc.oneof(fc.jsonValue({ maxDepth: 6 }), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }))), format)
  .map(([v, json]) => ({ kind: 'random-value', label: `fuzz/random.${json ? 'json' : 'yaml'}`, text: json ? JSON.stringify(v) : YAML.stringify(v), mentions: [''] }));

const truncated = fc.tuple(base, fc.double({ min: 0, max: 1, noNaN: true }), format).map(([doc, at, json]) => {
  const text = serialize(doc, json);
  return { kind: 'truncated', label: `fuzz/cut.${json ? 'json' : 'yaml'}`, text: text.slice(0, Math.floor(text.length * at)), mentions: [''], maybeValid: true };
});

/** Multi-megabyte inputs: rare, they take a second or two each to parse. */
const huge = fc.constantFrom('title', 'key', 'file', 'many-keys').map((what) => {
  const big = 'x'.repeat(3_000_000);
  const text = what === 'title' ? `name: x\ntitle: "${big}"\ncluster: { followers: [ { name: f, lag: 1s } ] }\n`
    : what === 'key' ? `name: x\n${big}: 1\ncluster: { followers: [ { name: f, lag: 1s } ] }\n`
      : what === 'file' ? `name: x\ndescription: "${big}${big}"\n`
        : `name: x\ncluster: { followers: [ { name: f, lag: 1s } ] }\ndata:\n${Array.from({ length: 45_000 }, (_, i) => `  k${i}: { stock: ${i} }`).join('\n')}\nbogus: 1\n`;
  const mentions = what === 'title' ? ['title'] : what === 'file' ? ['limited to'] : what === 'many-keys' ? ['bogus'] : [''];
  return { kind: `huge-${what}`, label: 'fuzz/huge.yaml', text, mentions };
});

export function fuzzCase(): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { arbitrary: fieldFault, weight: 900 },
    { arbitrary: unknownField, weight: 300 },
    { arbitrary: duplicateKey, weight: 120 },
    { arbitrary: garbage, weight: 200 },
    { arbitrary: randomValue, weight: 160 },
    { arbitrary: truncated, weight: 120 },
    { arbitrary: deepNesting, weight: 50 },
    { arbitrary: aliasBomb, weight: 60 },
    { arbitrary: tags, weight: 60 },
    // About one case in 2000: enough to prove the limits, few enough to keep the test fast.
    { arbitrary: huge, weight: 1 },
  );
}
