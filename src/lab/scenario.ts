import { parseScenario } from '../scenario/parse';
import type { Scenario } from '../scenario/types';

/**
 * A scenario document (already parsed from YAML or JSON) → Scenario, through the CLI's own
 * parseScenario on the document's JSON text: the same schema, cross-checks, compile() and
 * error messages as `lagsim run` (scenario/parse has no file system, so the browser bundle
 * needs no node module). Throws InputError with one "label: field.path: message" per problem.
 */
export function scenarioFromDoc(doc: unknown, label: string): Scenario {
  return parseScenario(JSON.stringify(doc), /\.json$/i.test(label) ? label : `${label}.json`);
}
