import { show } from './units';

/**
 * Zod's issues in the words a scenario author needs: what was expected, what was
 * found, and for a typo the nearest valid name ("did you mean readRate?"). Passed as
 * the `error` option of every scenario parse (see load.ts and schema.ts's delegate),
 * because only there does zod still hand over the schema that raised the issue —
 * which is where the list of valid field names lives.
 */

/** A raw zod issue, as an error map receives it (before zod writes its own message). */
interface RawIssue {
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

/** " (did you mean x?)" or, with no close candidate, "; expected one of a, b, c". */
export function suggestion(word: string, candidates: readonly string[]): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `; did you mean ${near}?`;
  return candidates.length > 0 ? `; expected one of ${candidates.join(', ')}` : '';
}

/** The field names of the strict object schema that raised an issue. */
function knownFields(inst: unknown): string[] {
  const shape = (inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape !== undefined && shape !== null ? Object.keys(shape) : [];
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a mapping of fields (key: value)',
  array: 'a list',
  record: 'a mapping of fields (key: value)',
};

/** What a field got, in a scenario author's words (NaN and ∞ named, long text cut). */
function found(input: unknown): string {
  if (typeof input === 'number' && !Number.isFinite(input)) return Number.isNaN(input) ? 'NaN (not a number)' : `${input > 0 ? '' : '-'}infinity`;
  return show(input);
}

/** A zod error map: our message for the issue, or undefined to keep zod's. */
export function scenarioErrorMap(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownFields(issue.inst);
      const keys = issue.keys ?? [];
      // load.ts's describeIssue puts a single key into the path, so it only needs the hint.
      if (keys.length === 1) return `unknown field${suggestion(keys[0], known)}`;
      return `unknown fields ${keys.map((k) => `${show(k)}${closestHint(k, known)}`).join(', ')}`;
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      const got = issue.input;
      const near = typeof got === 'string' ? closest(got, values) : undefined;
      const list = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return `expected ${list}, got ${found(got)}${near !== undefined ? ` (did you mean ${near}?)` : ''}`;
    }
    case 'invalid_type': {
      const want = TYPE_WORDS[issue.expected ?? ''] ?? issue.expected ?? 'something else';
      if (issue.input === undefined) return `missing (expected ${want})`;
      if (issue.expected === 'int' && typeof issue.input === 'number' && Number.isFinite(issue.input)) return `expected a whole number, got ${found(issue.input)}`;
      return `expected ${want}, got ${found(issue.input)}`;
    }
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_union':
      return `expected text, a number, true/false or null, got ${found(issue.input)}`;
    default:
      return undefined;
  }
}

function closestHint(key: string, known: string[]): string {
  const near = closest(key, known);
  return near !== undefined ? ` (did you mean ${near}?)` : '';
}

function bound(issue: RawIssue): string {
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const strict = issue.inclusive === false;
  const word = small ? (strict ? 'above' : 'at least') : (strict ? 'below' : 'at most');
  const got = issue.input;
  if (issue.origin === 'array') {
    const n = Array.isArray(got) ? got.length : '?';
    return `expected ${word} ${limit} ${limit === 1 ? 'entry' : 'entries'}, got ${n}`;
  }
  if (issue.origin === 'string') {
    const n = typeof got === 'string' ? got.length : '?';
    return small && limit === 1 ? 'must not be empty' : `expected ${word} ${limit} characters, got ${n}`;
  }
  if (issue.origin === 'int' && !small && limit === Number.MAX_SAFE_INTEGER) return `expected a whole number up to ${limit}, got ${found(got)}`;
  return `expected ${word} ${limit}, got ${found(got)}`;
}
