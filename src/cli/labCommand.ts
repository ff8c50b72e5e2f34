import * as fs from 'fs';
import * as path from 'path';
import { parseScenario, readScenarioText, scenarioLabel } from '../scenario/load';
import { parseDocument } from '../scenario/parseText';
import { writeFileAtomic } from '../report/files';
import { labPageHtml } from '../lab/page';
import { pickLang, t } from '../i18n';
import { Output } from './output';
import { titleIn } from '../scenario/text';
import { EnvironmentError } from '../scenario/errors';
import { at, msg } from '../i18n/problem';

export interface LabArgs {
  scenario: string;
  out?: string;
  lang?: string;
  seed?: number;
}

/** Where `npm run build` (scripts/build-lab.js) leaves the browser bundle. */
export function labBundlePath(): string {
  return path.join(__dirname, '..', 'lab', 'lab.bundle.js');
}

/** The bundle, or null when it has not been built (a report then says so instead of failing). */
export function labBundleOrNull(): string | null {
  return fs.existsSync(labBundlePath()) ? fs.readFileSync(labBundlePath(), 'utf8') : null;
}

/**
 * A scenario as written (units and all), for the lab to edit: `text` and `label` as
 * parseScenario has validated them; `seed` is the seed the run used.
 */
export function scenarioDoc(text: string, label: string, seed: number): Record<string, unknown> {
  return { ...(parseDocument(text, label) as Record<string, unknown>), seed };
}

export function readLabBundle(): string {
  const file = labBundlePath();
  if (!fs.existsSync(file)) throw new EnvironmentError([at(file, msg('v.noLabBundle'))]);
  return fs.readFileSync(file, 'utf8');
}

/**
 * `lagsim lab <scenario>`: one self-contained HTML file with the scenario's story as a
 * sequence diagram and the interactive lab, the simulator bundled inside.
 */
export function labCommand(a: LabArgs): void {
  const text = readScenarioText(a.scenario);
  const label = scenarioLabel(a.scenario);
  const sc = parseScenario(text, label, { seed: a.seed });
  const doc = scenarioDoc(text, label, sc.seed);
  const lang = pickLang(a.lang);
  const html = labPageHtml(readLabBundle(), { name: sc.name, title: titleIn(sc, lang), doc, lang, langSwitch: true });
  const out = a.out ?? path.join('reports', sc.name, 'lab.html');
  writeFileAtomic(out, html);
  const stdout = new Output();
  stdout.line(t(lang, 'cli.lab', { file: out }));
  stdout.flush();
}
