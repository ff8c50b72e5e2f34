import { parseScenario } from '../scenario/load';
import type { Scenario } from '../scenario/types';

/**
 * A scenario document (already parsed from YAML or JSON) → Scenario, through the CLI's own
 * parseScenario on the document's JSON text: the same schema, cross-checks, compile() and
 * error messages as `lagsim run`. In the browser bundle, load.ts's `fs` (used only to read
 * files) and `path` (used only for extname) are replaced by tiny shims; see
 * scripts/build-lab.js. Throws InputError with one "label: field.path: message" per problem.
 */
export function scenarioFromDoc(doc: unknown, label: string): Scenario {
  return parseScenario(JSON.stringify(doc), /\.json$/i.test(label) ? label : `${label}.json`);
}
