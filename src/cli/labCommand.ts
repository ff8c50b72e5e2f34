import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { loadScenarioFile } from '../scenario/load';
import { writeFileAtomic } from '../report/files';
import { labPageHtml } from '../lab/page';
import { pickLang, t } from '../i18n';

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

export function readLabBundle(): string {
  const file = labBundlePath();
  if (!fs.existsSync(file)) throw new Error(`the lab's browser bundle is missing (${file}); run "npm run build"`);
  return fs.readFileSync(file, 'utf8');
}

/**
 * `lagsim lab <scenario>`: one self-contained HTML file with the scenario's story as a
 * sequence diagram and the interactive lab, the simulator bundled inside.
 */
export function labCommand(a: LabArgs): void {
  const sc = loadScenarioFile(a.scenario, { seed: a.seed });
  // Validated above; the lab edits the document as written, units and all.
  const text = fs.readFileSync(a.scenario, 'utf8');
  const doc = (path.extname(a.scenario).toLowerCase() === '.json' ? JSON.parse(text) : YAML.parse(text)) as Record<string, unknown>;
  doc.seed = sc.seed;
  const lang = pickLang(a.lang);
  const html = labPageHtml(readLabBundle(), { name: sc.name, title: sc.title, doc, lang, langSwitch: true });
  const out = a.out ?? path.join('reports', sc.name, 'lab.html');
  writeFileAtomic(out, html);
  process.stdout.write(`${t(lang, 'cli.lab', { file: out })}\n`);
}
