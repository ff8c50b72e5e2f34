import { show, shown } from './units';
import { Msg, msg, ProblemKey, Var } from '../i18n/problem';
import { attach, ProblemParams } from './zodProblem';

/**
 * Zod's issues in the words a scenario author needs: what was expected, what was
 * found, and for a typo the nearest valid name ("did you mean readRate?"). Passed as
 * the `error` option of every scenario parse (see load.ts and schema.ts's delegate),
 * because only there does zod still hand over the schema that raised the issue —
 * which is where the list of valid field names lives. Each message is a problem
 * (src/i18n/problem.ts) attached to the issue; zod gets its English rendering.
 */

/** A raw zod issue, as an error map receives it (before zod writes its own message). */
interface RawIssue extends ProblemParams {
  code?: string;
  input?: unknown;
  expected?: string;
  received?: string;
  keys?: string[];
  values?: unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  inst?: unknown;
}

/** The closest candidate to `word`, if one is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.toLowerCase() === w ? 0 : editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // One edit in a short word, about a third of a longer one: beyond that it is not a typo.
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Math.abs(a.length - b.length);
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}

/** "; did you mean x?" or, with no close candidate, "; expected one of a, b, c". */
export function suggestion(word: string, candidates: readonly string[]): Msg | undefined {
  const near = closest(word, candidates);
  if (near !== undefined) return msg('vh.didYouMean', { near });
  return candidates.length > 0 ? msg('vh.expectedOneOf', { list: candidates }) : undefined;
}

/** " (did you mean x?)" when `word` is close to one of `candidates`. */
export function nearHint(word: string, candidates: readonly string[]): Msg | undefined {
  const near = closest(word, candidates);
  return near !== undefined ? msg('vh.didYouMeanParen', { near }) : undefined;
}

/** The field names of the strict object schema that raised an issue. */
function knownFields(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape !== undefined && shape !== null ? Object.keys(shape) : [];
}

const TYPE_WORDS: Record<string, ProblemKey> = {
  int: 'vw.int',
  number: 'vw.number',
  string: 'vw.string',
  boolean: 'vw.boolean',
  object: 'vw.object',
  array: 'vw.array',
  record: 'vw.object',
};

/** What a field got, in a scenario author's words (NaN and ∞ named, long text cut). */
function found(input: unknown): Var {
  if (typeof input === 'number' && !Number.isFinite(input)) return msg(Number.isNaN(input) ? 'vw.nan' : input > 0 ? 'vw.infinity' : 'vw.minusInfinity');
  return shown(input);
}

/** A zod error map: our message for the issue (its problem attached), or undefined to keep zod's. */
export function scenarioErrorMap(issue: RawIssue): string | undefined {
  const m = problemFor(issue);
  return m === undefined ? undefined : attach(issue, m);
}

function problemFor(issue: RawIssue): Msg | undefined {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFields(issue.inst);
      const keys = issue.keys ?? [];
      // load.ts's describeIssue puts a single key into the path, so it only needs the hint.
      if (keys.length === 1) return msg('v.unknownField', undefined, suggestion(keys[0], known));
      return msg('v.unknownFields', { list: keys.map((k) => msg('vw.text', { text: show(k) }, nearHint(k, known))) });
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      const got = issue.input;
      const hint = typeof got === 'string' ? nearHint(got, values) : undefined;
      if (values.length === 1) return msg('v.expectedGot', { want: values[0], got: found(got) }, hint);
      return msg('v.expectedOneOf', { list: values, got: found(got) }, hint);
    }
    case 'invalid_type': {
      const want = issue.expected !== undefined && Object.hasOwn(TYPE_WORDS, issue.expected) ? msg(TYPE_WORDS[issue.expected]) : issue.expected ?? msg('vw.something');
      if (issue.input === undefined) return msg('v.missing', { want });
      if (issue.expected === 'int' && typeof issue.input === 'number' && Number.isFinite(issue.input)) return msg('v.expectedGot', { want: msg('vw.int'), got: found(issue.input) });
      return msg('v.expectedGot', { want, got: found(issue.input) });
    }
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_union':
      return msg('v.valueUnion', { got: found(issue.input) });
    default:
      return undefined;
  }
}

/** The key of a bound by what is bounded, [inclusive, strict]; lists and texts have only inclusive bounds (.min, .max). */
const BOUND_KEYS = {
  number: { small: ['v.atLeast', 'v.above'], big: ['v.atMost', 'v.below'] },
  array: { small: ['v.atLeastEntries', 'v.atLeastEntries'], big: ['v.atMostEntries', 'v.atMostEntries'] },
  string: { small: ['v.atLeastChars', 'v.atLeastChars'], big: ['v.atMostChars', 'v.atMostChars'] },
} as const satisfies Record<string, Record<string, readonly [ProblemKey, ProblemKey]>>;

function bound(issue: RawIssue): Msg {
  const small = issue.code === 'too_small';
  const n = Number(small ? issue.minimum : issue.maximum);
  const strict = issue.inclusive === false ? 1 : 0;
  const got = issue.input;
  if (issue.origin === 'array') {
    return msg(BOUND_KEYS.array[small ? 'small' : 'big'][strict], { n, entries: { plural: 'vw.entries', count: n }, got: Array.isArray(got) ? got.length : '?' });
  }
  if (issue.origin === 'string') {
    if (small && n === 1) return msg('v.notEmpty');
    return msg(BOUND_KEYS.string[small ? 'small' : 'big'][strict], { n, got: typeof got === 'string' ? got.length : '?' });
  }
  if (issue.origin === 'int' && !small && n === Number.MAX_SAFE_INTEGER) return msg('v.wholeUpTo', { n, got: found(got) });
  return msg(BOUND_KEYS.number[small ? 'small' : 'big'][strict], { n, got: found(got) });
}
