import type { Scenario } from '../scenario/types';
import { simulate } from '../simulate';
import { storyRecorder } from './storyTrace';
import { sequenceDiagramHtml, esc } from './diagram';
import { labSection } from '../lab/page';
import { Lang, t } from '../i18n';

/**
 * The classroom's parts of the HTML report: the scripted story as sequence diagrams
 * (one per strategy, switched by CSS alone, so it shows without script) and the
 * interactive lab (the bundled simulator, started from the scenario as written).
 */

export interface ClassroomInput {
  /** The scenario document as its file has it; null leaves the lab out. */
  doc: Record<string, unknown> | null;
  /** dist/lab/lab.bundle.js; null when the build has not made it (the lab says so). */
  bundleJs: string | null;
}

/**
 * Strategy tabs as radio buttons. Each diagram keeps its drawn size: a phone's screen shows its
 * narrow rendering, which fits the page; the wide one scrolls sideways in its pane when the
 * screen is narrower than it.
 */
const STORY_CSS = `.story{position:relative}.story input{position:absolute;left:0;opacity:0}.story label{display:inline-block;padding:4px 10px;margin:0 6px 6px 0;border:1px solid #bbb;border-radius:4px;cursor:pointer;font-family:ui-monospace,monospace;font-size:.85rem}
.story .pane{display:none;overflow-x:auto}.story svg{max-width:none;height:auto}`;

/** The story section's content, or '' when the scenario has no scripted events. */
export function storyHtml(sc: Scenario, lang: Lang): string {
  if (sc.events.length === 0) return '';
  const panes = sc.strategies.map((spec, i) => {
    const rec = storyRecorder(sc);
    simulate(sc, spec, sc.seed, rec);
    return `<div class="pane" id="story-pane-${i}" data-strategy="${esc(spec.label)}">${sequenceDiagramHtml(rec.trace, lang, `story-seq-${i}`)}</div>`;
  });
  const inputs = sc.strategies.map((spec, i) => `<input type="radio" name="story" id="story-${i}"${i === 0 ? ' checked' : ''}><label for="story-${i}">${esc(spec.label)}</label>`);
  const shown = sc.strategies.map((_, i) => `#story-${i}:checked~#story-pane-${i}{display:block}#story-${i}:checked+label{background:#0072B2;color:#fff;border-color:#0072B2}`).join('');
  return `<style>${STORY_CSS}${shown}</style><p>${esc(t(lang, 'report.storyIntro'))}</p><div class="story">${inputs.join('')}${panes.join('')}</div>`;
}

/** The lab section's content: the bundled simulator, or a note when it was not built. */
export function labHtml(sc: Scenario, lang: Lang, input: ClassroomInput): string {
  if (input.doc === null) return '';
  if (input.bundleJs === null) return `<p>${esc(t(lang, 'report.labMissing'))}</p>`;
  return `<p>${esc(t(lang, 'report.labIntro'))}</p>` +
    labSection(input.bundleJs, { name: sc.name, title: sc.title, doc: input.doc, lang, langSwitch: false, storyTab: false });
}
