import { simulate } from '../simulate';
import { bothObservers } from '../observer';
import { runScenario } from '../run';
import type { Summary, StrategyResult } from '../metrics/summary';
import type { Scenario } from '../scenario/types';
import { storyRecorder, StoryTrace } from '../report/storyTrace';
import { formatRow } from '../report/narrate';
import { scenarioFromDoc } from './scenario';
import { Doc, LabParams, labDoc } from './params';
import { TimelineBins, timelineRecorder } from './bins';

export interface LabRun {
  /** The scenario document the numbers come from: `lagsim run` on it prints the same. */
  doc: Doc;
  scenario: Scenario;
  /** Exactly what `lagsim run --json` prints for `doc`. */
  summary: Summary;
  /** The shown strategy's result (LabParams.focus). */
  result: StrategyResult;
  story: StoryTrace;
  timeline: TimelineBins;
}

/**
 * One turn of the lab: apply the controls to the base document, then run it —
 * every strategy through runScenario, the very function behind `lagsim run`, for the
 * numbers, and the shown one once more, watched, for the timeline and the sequence diagram. (Watching does not change a
 * run; the tests check that the two agree.)
 */
export function runLab(base: Doc, p: LabParams): LabRun {
  const doc = labDoc(base, p);
  const sc = scenarioFromDoc(doc, 'lab');
  const summary = runScenario(sc);
  const story = storyRecorder(sc);
  const timeline = timelineRecorder(sc.horizonUs, (r) => (r.session < sc.workloadSessionBase ? `${sc.sessionNames[r.session]}: ${sc.keyNames[r.key]} ${formatRow(r.value, r.version)}` : null));
  simulate(sc, sc.strategies[p.focus], sc.seed, bothObservers(story, timeline));
  return { doc, scenario: sc, summary, result: summary.results[p.focus], story: story.trace, timeline: timeline.bins };
}
