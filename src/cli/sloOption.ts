import { InputError } from '../scenario/errors';
import { at } from '../i18n/problem';
import { Slo, parseThreshold } from '../metrics/threshold';
import { mergeSlos } from '../metrics/slo';
import { Scenario } from '../scenario/types';

/** The SLOs `lagsim run` checks: the scenario's and each `--slo` (see mergeSlos); a bad one is an input error. */
export function runSlos(file: readonly Slo[], given: readonly string[]): Slo[] {
  const parsed = given.map(parseThreshold);
  const problems = parsed.flatMap((p) => ('key' in p ? [at('--slo', p)] : []));
  if (problems.length > 0) throw new InputError(problems);
  return mergeSlos(file, parsed as Slo[]);
}

/** `sc` whose scenario.json (scenarioDocument) lists `slos`, the file's and the command line's, when `given` added any. */
export function withRunSlos(sc: Scenario, slos: readonly Slo[], given: readonly string[]): Scenario {
  if (given.length === 0) return sc;
  return { ...sc, source: { ...sc.source, slo: slos.map((s) => s.text) } };
}
