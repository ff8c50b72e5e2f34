import { z } from 'zod';
import { durationJson, durationUs, fraction, positiveDurationUs, ratePerSec, show, shown, timeOfDayUs } from './units';
import { JsonShape, inputJsonSchema, withJsonShape } from './jsonShape';
import { closest, nearHint, scenarioErrorMap } from './messages';
import { issueOf, says } from './zodProblem';
import { Msg, msg, ProblemKey } from '../i18n/problem';
import { DISTS, DelayDist } from '../model/distributions';
import { DEFAULT_WAL_BYTES_PER_WRITE } from '../model/monitor';
import { STRATEGIES, StrategySpec } from '../strategies';
import { lessonSchema } from './lesson';
import { Slo, parseThreshold, sloPattern } from '../metrics/threshold';
import { LocalText, perLanguage } from './text';
import { LANGS } from '../i18n';
import { InputError, MAX_PROBLEMS } from './errors';
import { MAX_REPLAY_TEXT, parseReplay, ReplayRow } from '../workload/replay';

/**
 * The scenario file's schema (docs/design.md), YAML and JSON alike. Strict objects
 * everywhere: an unknown field is an error, never silently ignored. Parsing turns
 * durations into µs and rates into per-second numbers, so nothing downstream parses units.
 */

type Ctx = { addIssue(issue: never): void };

/**
 * A nested parse of `value` whose issues are reported at `path` below the caller's, with
 * how many there were. The error map is passed on, or its issues would keep zod's wording.
 */
function nested<T>(schema: z.ZodType<T>, value: unknown, ctx: Ctx, path: Array<string | number> = []): { ok: true; data: T } | { ok: false; issues: number } {
  const r = schema.safeParse(value, { error: scenarioErrorMap, reportInput: true });
  if (r.success) return { ok: true, data: r.data };
  for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [...path, ...issue.path] } as never);
  return { ok: false, issues: r.error.issues.length };
}

/**
 * Runs `schema` on a value chosen at run time and reports its issues at this path;
 * `shape` says, as JSON Schema, which values the choices accept.
 */
function delegate<T>(pick: (value: unknown) => z.ZodType<T> | Msg, shape: () => JsonShape) {
  return withJsonShape(z.unknown().transform((value, ctx): T => {
    const schema = pick(value);
    if (!(schema instanceof z.ZodType)) {
      ctx.addIssue(issueOf(schema));
      return z.NEVER;
    }
    const r = nested(schema, value, ctx);
    return r.ok ? r.data : z.NEVER;
  }), shape);
}

/** JSON Schema: one of these. */
function anyOf(...schemas: Array<z.ZodType | JsonShape>): JsonShape {
  return { anyOf: schemas.map((s) => (s instanceof z.ZodType ? inputJsonSchema(s) : s)) };
}

/*
 * Collections parsed entry by entry, stopping once STOP_AFTER problems are found: zod
 * reports every issue of a collection, each with its message rendered, and a 5 MB file of
 * 60 000 bad events took 19 s and 750 MB before the CLI printed 50 of 300 000 problems.
 */

/** Problems a collection reports before it stops: the CLI shows MAX_PROBLEMS, with room left for the line saying what was not checked. */
const STOP_AFTER = MAX_PROBLEMS - 10;

/** The entries left unchecked, said as one more problem. */
function stopChecking(ctx: Ctx, left: number): void {
  if (left > 0) ctx.addIssue(issueOf(msg('v.notChecked', { n: left, entries: { plural: 'vw.entries', count: left } })) as never);
}

/** A list of at most `max` items, each parsed by `item`. */
function cappedList<T>(item: z.ZodType<T>, max: number) {
  return withJsonShape(z.array(z.unknown()).max(max).transform((values, ctx): T[] => {
    const out: T[] = [];
    let found = 0;
    let i = 0;
    for (; i < values.length && found < STOP_AFTER; i++) {
      const r = nested(item, values[i], ctx, [i]);
      if (r.ok) out.push(r.data);
      else found += r.issues;
    }
    stopChecking(ctx, values.length - i);
    return out;
  }), () => ({ type: 'array', maxItems: max, items: inputJsonSchema(item) }));
}

/** A record whose keys are parsed by `key` and values by `value` (in place: zod's record is already a copy). */
function cappedRecord<T>(key: z.ZodType<string>, value: z.ZodType<T>) {
  return withJsonShape(z.record(z.string(), z.unknown()).transform((record, ctx): Record<string, T> => {
    let found = 0;
    let checked = 0;
    for (const name in record) {
      if (found >= STOP_AFTER) break;
      checked++;
      const k = nested(key, name, ctx, [name]);
      const v = nested(value, record[name], ctx, [name]);
      if (!k.ok) found += k.issues;
      if (v.ok) record[name] = v.data;
      else found += v.issues;
    }
    if (found >= STOP_AFTER) stopChecking(ctx, Object.keys(record).length - checked);
    return record as Record<string, T>;
  }), () => ({ type: 'object', propertyNames: inputJsonSchema(key), additionalProperties: inputJsonSchema(value) }));
}

/** A delay: a plain duration (constant) or { dist: …, … }. */
export const delayDist = delegate<DelayDist>((value) => {
  if (typeof value === 'string' || typeof value === 'number') {
    return durationUs.transform((valueUs) => ({ dist: 'constant' as const, valueUs }));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return msg('v.durationOrDist', { got: shown(value) });
  }
  const dist = (value as Record<string, unknown>).dist;
  if (typeof dist === 'string' && Object.hasOwn(DISTS, dist)) return DISTS[dist as keyof typeof DISTS].schema as z.ZodType<DelayDist>;
  const hint = typeof dist === 'string' ? nearHint(dist, Object.keys(DISTS)) : undefined;
  return msg('v.distOneOf', { list: Object.keys(DISTS), got: shown(dist) }, hint);
}, () => anyOf(durationJson(), ...Object.values(DISTS).map((d) => d.schema as z.ZodType)));

const NAME = /^[a-z0-9-]+$/;
/** A character a name may hold: no space, no control character (C0, DEL, C1), no bidirectional override. */
const NAME_CHAR = /[^\s\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.source;
const KEY = new RegExp(`^${NAME_CHAR}{1,64}$`);

/** A text that does not match its pattern: what is expected and what was found. */
function badFormat(key: ProblemKey) {
  return says((issue: { input?: unknown }) => msg(key, { got: shown(issue.input) }));
}

/** A name that does not match NAME, with the name it most likely meant. */
function badName(key: ProblemKey) {
  return says((issue: { input?: unknown }) => {
    const slug = typeof issue.input === 'string' ? issue.input.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') : '';
    return msg(key, { got: shown(issue.input) }, /^[a-z0-9-]{1,64}$/.test(slug) ? msg('vh.try', { fix: slug }) : undefined);
  });
}

const incident = z
  .strictObject({
    at: durationUs,
    duration: positiveDurationUs,
    type: z.enum(['stop', 'delay', 'scale']),
    extra: durationUs.optional(),
    factor: z.number().gt(0).max(1000).optional(),
  })
  .refine((x) => x.type !== 'delay' || x.extra !== undefined, { ...says(() => msg('v.delayNeedsExtra')), path: ['extra'] })
  .refine((x) => x.type === 'delay' || x.extra === undefined, { ...says(() => msg('v.extraOnlyDelay')), path: ['extra'] })
  .refine((x) => x.type !== 'scale' || x.factor !== undefined, { ...says(() => msg('v.scaleNeedsFactor')), path: ['factor'] })
  .refine((x) => x.type === 'scale' || x.factor === undefined, { ...says(() => msg('v.factorOnlyScale')), path: ['factor'] })
  .transform((x) => ({ type: x.type, atUs: x.at, durationUs: x.duration, extraUs: x.extra ?? 0, factor: x.factor ?? 1 }));

/** A node's capacity in operations/s: it becomes a FIFO single server (see model/nodeQueue). */
const capacity = ratePerSec.refine((r) => r > 0, says(() => msg('v.capacityAbove0')));

const follower = z.strictObject({
  name: z.string().regex(NAME, badName('v.nameFormat')).max(64),
  lag: delayDist,
  applyTime: delayDist.optional(),
  incidents: z.array(incident).max(1000).default([]),
  readLatency: durationUs.default(1_000),
  capacity: capacity.optional(),
}).refine((f) => f.applyTime?.dist !== 'master-delay', { ...says(() => msg('v.masterDelayApply')), path: ['applyTime'] });

const scalar = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const row = cappedRecord(z.string().max(64), scalar);
const keyName = z.string().regex(KEY, badFormat('v.keyNameFormat'));
const actor = z.string().min(1).max(64).regex(new RegExp(`^${NAME_CHAR}+$`), badFormat('v.actorFormat'));

const writeEvent = z.strictObject({ at: durationUs, actor, write: keyName, set: row })
  .transform((e) => ({ kind: 'write' as const, atUs: e.at, actor: e.actor, key: e.write, set: e.set, critical: false }));
const readEvent = z.strictObject({ at: durationUs, actor, read: keyName, critical: z.boolean().default(false) })
  .transform((e) => ({ kind: 'read' as const, atUs: e.at, actor: e.actor, key: e.read, set: null, critical: e.critical }));

/** A scripted event, times in µs. */
export interface ScriptedEventInput {
  kind: 'read' | 'write';
  atUs: number;
  actor: string;
  key: string;
  set: Record<string, string | number | boolean | null> | null;
  critical: boolean;
}

const event = delegate<ScriptedEventInput>((value) => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return msg('v.event', { got: shown(value) });
  const v = value as Record<string, unknown>;
  if ('write' in v && 'read' in v) return msg('v.eventBoth');
  if ('write' in v) return writeEvent;
  if ('read' in v) return readEvent;
  return msg('v.eventNeither');
}, () => anyOf(writeEvent, readEvent));

const uniformPopularity = z.literal('uniform').transform(() => ({ kind: 'uniform' as const }));
const zipfPopularity = z.strictObject({ zipf: z.number().gt(0).max(10) }).transform((p) => ({ kind: 'zipf' as const, s: p.zipf }));
const popularity = delegate<{ kind: 'uniform' } | { kind: 'zipf'; s: number }>((value) => {
  if (value === 'uniform') return uniformPopularity;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return zipfPopularity;
  return msg('v.popularity', { got: shown(value) });
}, () => anyOf(uniformPopularity, zipfPopularity));

/** A stage of generated load: the rates × factor, held or ramped from the previous factor (workload/stages). */
const stage = z.strictObject({
  duration: positiveDurationUs,
  factor: z.number().min(0).max(1000),
  shape: z.enum(['steady', 'ramp']).default('steady'),
}).transform((s) => ({ durationUs: s.duration, factor: s.factor, shape: s.shape }));

/**
 * Recorded operations (workload/replay.ts): in a file, `replay: ops.csv`, which the CLI's
 * load layer reads (scenario/replayFile.ts) into `{ file, ops }`, ops its rows as
 * normalised CSV; the parser has no file system, so a name alone is refused here.
 */
const replayInline = z.strictObject({
  file: z.string().max(4096).optional(),
  ops: z.string().max(MAX_REPLAY_TEXT),
}).transform((r, ctx): ReplayRow[] => {
  try {
    return parseReplay(r.ops, 'csv', 'ops');
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    for (const p of err.issues) {
      const line = /^ops:(\d+)$/.exec(p.where);
      const problem: Msg = { key: p.key, vars: p.vars, hints: p.hints };
      ctx.addIssue({ ...issueOf(line === null ? problem : msg('v.replayLine', { line: line[1], problem })), path: ['ops'] } as never);
    }
    return z.NEVER;
  }
});
const replay = delegate<ReplayRow[]>((value) => {
  if (typeof value === 'string') return msg('v.replayNotRead');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return replayInline;
  return msg('v.replayShape', { got: shown(value) });
}, () => anyOf({ type: 'string', minLength: 1, maxLength: 4096 }, replayInline));

const GENERATED_FIELDS = ['keys', 'writeRate', 'readRate'] as const;

/**
 * The workload: generated Poisson traffic (keys and both rates), a replay of recorded
 * operations, or both, the generated traffic added on top of the replay.
 */
const workloadFields = z.strictObject({
  keys: z.number().int().min(1).max(1_000_000).optional(),
  popularity: popularity.default({ kind: 'uniform' }),
  sessions: z.number().int().min(1).max(1_000_000).default(100),
  writeRate: ratePerSec.optional(),
  readRate: ratePerSec.optional(),
  criticalFraction: fraction.default(0),
  /** Keys only scripted events write (checked against `keys` in compile.ts). */
  readOnlyKeys: z.array(z.string().min(1).max(64)).min(1).max(1000).optional(),
  stages: z.array(stage).min(1).max(1000).optional(),
  replay: replay.optional(),
});
const workload = withJsonShape(workloadFields.superRefine((w, ctx) => {
  const given = GENERATED_FIELDS.filter((f) => w[f] !== undefined);
  if (given.length === GENERATED_FIELDS.length || (given.length === 0 && w.replay !== undefined)) return;
  for (const f of GENERATED_FIELDS) {
    if (w[f] === undefined) ctx.addIssue({ ...issueOf(msg('v.workloadField', { field: f })), path: [f] } as never);
  }
}).transform((w) => ({
  generated: w.keys === undefined || w.writeRate === undefined || w.readRate === undefined ? undefined : {
    keys: w.keys, popularity: w.popularity, sessions: w.sessions,
    writeRatePerSec: w.writeRate, readRatePerSec: w.readRate, criticalFraction: w.criticalFraction,
    ...(w.readOnlyKeys === undefined ? {} : { readOnlyKeys: w.readOnlyKeys }),
    ...(w.stages === undefined ? {} : { stages: w.stages }),
  },
  replay: w.replay,
})), () => ({ ...inputJsonSchema(workloadFields), anyOf: [{ required: [...GENERATED_FIELDS] }, { required: ['replay'] }] }));

/** A strategy as a scenario or --strategy names it: "name" or { name, …params }. */
export const strategySpec = delegate<StrategySpec>((value) => {
  const name = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? (value as Record<string, unknown>).name : undefined;
  if (typeof name !== 'string') return msg('v.strategyShape', { got: shown(value) });
  if (!Object.hasOwn(STRATEGIES, name)) {
    const cli = /^\s*([a-z0-9-]+)\s*(?:\((.*)\)|:(.*))\s*$/.exec(name);
    if (cli !== null && Object.hasOwn(STRATEGIES, cli[1])) {
      const params = (cli[2] ?? cli[3] ?? '').split(',').filter((p) => p.includes('=')).map((p) => `, ${p.trim().replace(/\s*=\s*/, ': ')}`).join('');
      return msg('v.strategyCliForm', { name: show(name), fix: `{ name: ${cli[1]}${params} }` });
    }
    const near = closest(name, Object.keys(STRATEGIES));
    const known = Object.keys(STRATEGIES);
    return near !== undefined ? msg('v.unknownStrategyNear', { name: show(name), near, list: known }) : msg('v.unknownStrategy', { name: show(name), list: known });
  }
  const def = STRATEGIES[name];
  const params = def.params as z.ZodType<unknown, Record<string, unknown>>;
  return z.unknown()
    .transform((v): Record<string, unknown> => (typeof v === 'string' ? {} : (({ name: _n, ...rest }) => rest)(v as Record<string, unknown>)))
    .pipe(params)
    .transform((p) => ({ name, params: p, label: def.label(p) }));
}, strategiesJson);

/** JSON Schema of a strategy: its name alone, or { name, …its parameters }. */
function strategiesJson(): JsonShape {
  const named = Object.values(STRATEGIES).map((def) => {
    const params = inputJsonSchema(def.params as z.ZodType);
    const properties = { name: { const: def.name }, ...(params.properties as JsonShape | undefined) };
    return { ...params, type: 'object', properties, required: ['name', ...((params.required as string[] | undefined) ?? [])] };
  });
  return anyOf({ enum: Object.keys(STRATEGIES) }, ...named);
}

/** Semi-synchronous replication, AFTER_SYNC (see model/semiSync); MySQL's defaults. */
const semiSync = z.strictObject({
  timeout: durationUs.default(10_000_000),
  waitFor: z.number().int().min(1).max(16).default(1),
}).transform((x) => ({ timeoutUs: x.timeout, waitFor: x.waitFor }));

/** A title or description: a plain string, or { en, ko } with the text in each language. */
const localText = (max: number) => {
  const perLang = perLanguage(z.string().min(1).max(max));
  const one = z.string().max(max);
  return delegate<LocalText>((value) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return perLang;
    if (typeof value === 'string') return one;
    return msg('v.localText', { got: shown(value), langs: LANGS.join(', ') });
  }, () => anyOf(one, perLang));
};

/** A service level objective, "staleRate < 0.1%": checked by `lagsim run` on every strategy. */
const slo = withJsonShape(z.string().max(200).transform((text, ctx): Slo => {
  const parsed = parseThreshold(text);
  if ('key' in parsed) {
    ctx.addIssue(issueOf(parsed));
    return z.NEVER;
  }
  return parsed;
}), () => ({ type: 'string', maxLength: 200, pattern: sloPattern() }));

export const scenarioSchema = z.strictObject({
  name: z.string().regex(NAME, badName('v.scenarioNameFormat')).max(64),
  title: localText(200).optional(),
  description: localText(10_000).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  duration: positiveDurationUs.optional(),
  startAt: timeOfDayUs.optional(),
  cluster: z.strictObject({
    master: z.strictObject({
      readLatency: durationUs.default(1_000),
      writeLatency: durationUs.default(0),
      capacity: capacity.optional(),
      semiSync: semiSync.optional(),
      walBytesPerWrite: z.number().int().min(1).max(1_048_576).optional(),
      walCommitBytes: z.number().int().min(1).max(1_048_576).optional(),
    }).superRefine((m, ctx) => {
      const perWrite = m.walBytesPerWrite ?? DEFAULT_WAL_BYTES_PER_WRITE;
      if (m.walCommitBytes !== undefined && m.walCommitBytes > perWrite) ctx.addIssue({ ...issueOf(msg('v.walCommitBytes', { max: perWrite })), path: ['walCommitBytes'] });
    }).default({ readLatency: 1_000, writeLatency: 0 }),
    followers: z.array(follower).min(1).max(16),
    serviceTime: z.enum(['exponential', 'constant']).default('exponential'),
  }),
  data: cappedRecord(keyName, row).default({}),
  events: cappedList(event, 100_000).default([]),
  workload: workload.optional(),
  strategies: z.array(strategySpec).min(1).max(64).optional(),
  lesson: lessonSchema.optional(),
  stockField: z.string().min(1).max(64).default('stock'),
  slo: z.array(slo).max(64).optional(),
}).transform(({ workload: w, ...s }) => ({ ...s, workload: w?.generated, replay: w?.replay ?? null }));

export type ScenarioInput = z.output<typeof scenarioSchema>;
