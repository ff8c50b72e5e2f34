import { z } from 'zod';

/**
 * What a field that zod parses in code (a transform: durations, rates, a delay, a
 * strategy) accepts, said as JSON Schema. zod's toJSONSchema sees such a field as
 * "anything"; the field's parser names its shape here, where it is defined, and
 * jsonSchema.ts puts it in the generated schema.
 */
export type JsonShape = Record<string, unknown>;

const shapes = new WeakMap<object, () => JsonShape>();

/** Marks `schema` as accepting `shape()` (computed when a JSON Schema is generated). */
export function withJsonShape<T extends object>(schema: T, shape: () => JsonShape): T {
  shapes.set(schema, shape);
  return schema;
}

/** The shape marked on `schema` or on a schema it was derived from (`.refine` makes a copy). */
export function jsonShapeOf(schema: object): (() => JsonShape) | undefined {
  for (let s: { _zod?: { parent?: object } } | undefined = schema; s !== undefined; s = s._zod?.parent) {
    const shape = shapes.get(s);
    if (shape !== undefined) return shape;
  }
  return undefined;
}

/** What `schema` accepts as input, as JSON Schema (without the `$schema` line), shapes included. */
export function inputJsonSchema(schema: z.ZodType): JsonShape {
  const out = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const shape = jsonShapeOf(ctx.zodSchema);
      if (shape === undefined) return;
      // What zod generated describes the parsed value (µs, per second), not what is written.
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonShape)[k];
      Object.assign(ctx.jsonSchema, shape());
    },
  }) as JsonShape;
  delete out.$schema;
  return out;
}
