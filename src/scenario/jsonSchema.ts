import { scenarioSchema } from './schema';
import { JsonShape, inputJsonSchema } from './jsonShape';

/**
 * The scenario format as JSON Schema (draft 2020-12), generated from the one zod schema
 * (schema.ts) for editors: `npm run build` writes it to dist/scenario.schema.json and
 * `lagsim schema` prints it. It describes what a file may say as written (units and
 * all); checks made in code across fields (an event after the horizon, a strategy label a
 * lesson names) stay lagsim's own.
 */
export function scenarioJsonSchema(): JsonShape {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'lagsim scenario',
    ...inputJsonSchema(scenarioSchema),
  };
}

/** The schema as `lagsim schema` prints it and dist/scenario.schema.json holds it. */
export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
