/// <reference lib="dom" />
import { STRATEGIES } from '../strategies';
import { InputError } from '../scenario/errors';
import { simulate } from '../simulate';
import { storyRecorder } from '../report/storyTrace';
import { sequenceDiagramHtml } from '../report/diagram';
import { runScenario } from '../run';
import { answerLesson } from '../lesson/answer';
import { lessonHtml } from '../lesson/render';
import { scenarioFromDoc } from './scenario';
import type { Scenario } from '../scenario/types';
import { ADDED_WORKLOAD, Doc, LabParams, LagFamily, MAX_LAB_STRATEGIES, initialParams, labStrategy, lagSummary } from './params';
import { readStateHash, stateHash } from './state';
import { runLab } from './run';
import { timelineSvg } from './timelineSvg';
import { ControlMeta, cliHtml, controlsHtml, errorHtml, resultsHtml, shown, strategyParam } from './view';
import { LANGS, Lang, isLang, langName, t } from '../i18n';
import { titleIn } from '../scenario/text';

/**
 * The lab in the browser: the bundled simulator (the same TypeScript as the CLI, bundled
 * by esbuild) runs again on every change of a control. Mounts into each element with
 * data-lagsim-lab="<id of a JSON script element>" holding LabData.
 */

export interface LabData {
  name: string;
  title: string;
  /** The scenario document as its file has it (YAML parsed to plain data). */
  doc: Doc;
  lang: Lang;
  /** Show the English/한국어 switch (a standalone page); a report in one language hides it. */
  langSwitch: boolean;
  /** Show the story tab (a standalone page); the report draws the story in its own section. */
  storyTab?: boolean;
  /**
   * The lab is the whole page (lab.html): its settings go into the address (#lab=…) and the
   * chosen language is remembered. A report keeps its address for its own sections.
   */
  ownPage?: boolean;
}

const LANG_KEY = 'lagsim.lang';

/** localStorage, which a file:// page or a locked-down browser may refuse (it then throws). */
function stored(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function rememberedLang(): Lang | null {
  try {
    const v = stored()?.getItem(LANG_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

function rememberLang(lang: Lang): void {
  try {
    stored()?.setItem(LANG_KEY, lang);
  } catch {
    // Not remembered: the page still works in the chosen language.
  }
}

type Tab = 'lesson' | 'story' | 'lab';

/** The last replayed operation's time (0 without a replay). */
function lastReplayedUs(sc: Scenario): number {
  return sc.replay === null ? 0 : sc.replay.timeUs.reduce((m, t) => Math.max(m, t), 0);
}

function mountLab(root: HTMLElement, data: LabData): void {
  const base = scenarioFromDoc(data.doc, data.name);
  const lags = base.followers.map((f) => JSON.stringify(f.lag));
  const meta: ControlMeta = {
    strategies: Object.keys(STRATEGIES),
    fileLag: lags.every((l) => l === lags[0]) ? base.followers[0].lag : null,
    lagStart: lagSummary(base.followers[0].lag),
    minDurationMs: Math.max(1000, Math.ceil(Math.max(0, ...base.events.map((e) => e.atUs), lastReplayedUs(base)) / 1e6) * 1000),
    trafficAdded: base.workload === null && base.replay === null,
    addedKeys: ADDED_WORKLOAD.keys,
  };
  let params: LabParams = initialParams(data.doc);
  // The remembered language applies where the page can switch; a page in one language keeps it.
  let lang = (data.ownPage === true && data.langSwitch ? rememberedLang() : null) ?? data.lang;
  // A standalone page: the lesson's question and answer (if the scenario is a lesson), the story, the lab.
  const lesson = base.input.lesson;
  const tabs: Tab[] = data.storyTab === false ? ['lab'] : [...(lesson !== undefined ? ['lesson' as const] : []), 'story', 'lab'];
  let tab: Tab = tabs[0];
  // The address the page last wrote, so that only a link pasted by hand is read back.
  let written = '';
  const readAddress = (): void => {
    if (data.ownPage !== true || location.hash === written) return;
    const s = readStateHash(location.hash, { params, tab, lang });
    if (s === null) return;
    params = s.params;
    tab = (tabs as string[]).includes(s.tab) ? s.tab as Tab : tab;
    lang = s.lang;
  };
  const writeAddress = (): void => {
    if (data.ownPage !== true) return;
    written = stateHash({ params, tab, lang });
    try {
      location.replace(written);
    } catch {
      // An address the browser will not change: the page works, the link does not follow.
    }
  };
  readAddress();
  let storyStrategy = 0;
  let summaryCache: ReturnType<typeof runScenario> | null = null;
  const baseSummary = (): ReturnType<typeof runScenario> => (summaryCache ??= runScenario(base, { runs: base.input.lesson?.runs }));
  let runs = 0;
  let pending = false;

  const shell = (): void => {
    const nav = tabs.length < 2 ? '' : tabs.map((k) => `<button type="button" data-tab="${k}" class="${k === tab ? 'on' : ''}">${t(lang, `lab.tab.${k}`)}</button>`).join('');
    const langs = data.langSwitch
      ? `<div class="langs">${LANGS.map((l) => `<button type="button" data-lang="${l}" class="${l === lang ? 'on' : ''}">${langName(l)}</button>`).join('')}</div>`
      : '';
    document.documentElement.lang = lang;
    if (data.ownPage === true) {
      // The lab's own page: its title and heading follow the language too.
      document.title = t(lang, 'lab.title', { title: titleIn(base, lang) });
      const heading = document.querySelector('h1[data-lab-title]');
      if (heading !== null) heading.textContent = titleIn(base, lang);
    }
    root.innerHTML = (nav + langs === '' ? '' : `<div class="lab-head"><nav class="tabs">${nav}</nav>${langs}</div>`) +
      `<section data-pane="lesson"${tab === 'lesson' ? '' : ' hidden'}></section>` +
      `<section data-pane="story"${tab === 'story' ? '' : ' hidden'}></section>` +
      `<section data-pane="lab"${tab === 'lab' ? '' : ' hidden'}><div class="lab-grid"><form class="controls"></form>` +
      `<div class="out"><div class="results"></div><div class="chart"></div><h3>${t(lang, 'lab.storyLive')}</h3><div class="diagram"></div><div class="repro"></div></div></div></section>`;
    root.querySelector('form')!.innerHTML = controlsHtml(params, meta, lang);
    if (tabs.includes('story')) drawStory();
    if (lesson !== undefined && tabs.includes('lesson')) {
      // The answer the file's own run gives, computed here by the same code as `lagsim run`.
      root.querySelector('[data-pane="lesson"]')!.innerHTML = lessonHtml(answerLesson(lesson, baseSummary(), lang), lang);
    }
    schedule();
  };

  const drawStory = (): void => {
    const pane = root.querySelector<HTMLElement>('[data-pane="story"]')!;
    const options = base.strategies.map((s, i) => `<option value="${i}"${i === storyStrategy ? ' selected' : ''}>${s.label}</option>`).join('');
    const rec = storyRecorder(base);
    simulate(base, base.strategies[storyStrategy], base.seed, rec);
    pane.innerHTML = `<p class="hint">${t(lang, 'lab.story.hint')}</p><label class="ctl"><span>${t(lang, 'lab.story.strategy')}</span>` +
      `<select data-story>${options}</select></label><div class="diagram">${sequenceDiagramHtml(rec.trace, lang, 'story-seq')}</div>`;
  };

  const update = (): void => {
    pending = false;
    const out = root.querySelector<HTMLElement>('.out')!;
    try {
      const r = runLab(data.doc, params);
      const docJson = JSON.stringify(r.doc, null, 2);
      const file = `${data.name}-lab.json`;
      out.querySelector('.results')!.innerHTML = resultsHtml(r.summary.results, params.focus, lang);
      out.querySelector('.chart')!.innerHTML = timelineSvg(r.timeline, r.scenario.horizonUs, lang, 'lab-timeline');
      out.querySelector('.diagram')!.innerHTML = sequenceDiagramHtml(r.story, lang, 'lab-seq');
      const wasOpen = out.querySelector('details')?.open ?? false;
      out.querySelector('.repro')!.innerHTML = cliHtml(docJson, JSON.stringify(r.summary, null, 2), file, lang);
      if (wasOpen) out.querySelector('details')!.open = true;
      const link = out.querySelector<HTMLAnchorElement>('[data-download]')!;
      link.href = URL.createObjectURL(new Blob([docJson + '\n'], { type: 'application/json' }));
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      out.querySelector('.results')!.innerHTML = errorHtml(err.lines(lang), lang);
    }
    writeAddress();
    root.dataset.runs = String(++runs);
  };

  // Coalesce bursts of input (a dragged slider) into one run per frame.
  const schedule = (): void => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(update);
  };

  root.addEventListener('input', (ev) => {
    const el = ev.target as HTMLInputElement;
    const param = el.dataset.param;
    if (param === undefined) return;
    apply(params, param, el, meta);
    if (el.type === 'range' || el.type === 'number') {
      showFocus();
      // A slider being dragged must stay in place: update its readout only.
      const out = root.querySelector(`[data-show="${param}"]`);
      if (out !== null) out.textContent = shown(param, params, meta, lang);
      const dist = root.querySelector<HTMLSelectElement>('[data-param="lagDist"]');
      if (param === 'lagMeanMs' && dist !== null && params.lag !== null) dist.value = params.lag.dist;
    } else {
      // Selects and the checkbox change which controls apply: redraw them all.
      root.querySelector('form')!.innerHTML = controlsHtml(params, meta, lang);
      root.querySelector<HTMLElement>(`[data-param="${param}"]`)?.focus();
    }
    schedule();
  });
  root.addEventListener('change', (ev) => {
    const el = ev.target as HTMLSelectElement;
    if (el.dataset.story !== undefined) {
      storyStrategy = Number(el.value);
      drawStory();
    }
  });
  root.addEventListener('click', (ev) => {
    const el = (ev.target as HTMLElement).closest<HTMLElement>('[data-tab],[data-lang],[data-action],[data-focus]');
    if (el === null) return;
    if (el.dataset.focus !== undefined) {
      params.focus = Number(el.dataset.focus);
      showFocus();
      schedule();
      return;
    }
    if (el.dataset.action !== undefined) {
      edit(params, el.dataset.action, Number(el.dataset.index));
      root.querySelector('form')!.innerHTML = controlsHtml(params, meta, lang);
      schedule();
      return;
    }
    if (el.dataset.tab !== undefined) tab = el.dataset.tab as Tab;
    if (el.dataset.lang !== undefined) {
      lang = el.dataset.lang as Lang;
      rememberLang(lang);
    }
    shell();
  });
  // The strategy box being shown is marked without redrawing the controls (a slider may be held).
  const showFocus = (): void => {
    root.querySelectorAll<HTMLElement>('.strat').forEach((box) => box.classList.toggle('focus', Number(box.dataset.index) === params.focus));
  };
  window.addEventListener('hashchange', () => {
    if (data.ownPage !== true || location.hash === written) return;
    readAddress();
    shell();
  });
  shell();
}

/** Adds a strategy (all-follower, the baseline) or takes strategy `index` out; the shown one stays shown. */
function edit(p: LabParams, action: string, index: number): void {
  if (action === 'add' && p.strategies.length < MAX_LAB_STRATEGIES) {
    p.strategies.push(labStrategy('all-follower')!);
    p.focus = p.strategies.length - 1;
  }
  if (action === 'remove' && p.strategies.length > 1 && index < p.strategies.length) {
    p.strategies.splice(index, 1);
    if (p.focus > index || p.focus === p.strategies.length) p.focus = Math.max(0, p.focus - 1);
  }
}

/** Sets one parameter from its control. */
function apply(p: LabParams, param: string, el: HTMLInputElement, meta: ControlMeta): void {
  const num = Number(el.value);
  const name = /^s\.(\d+)\.name$/.exec(param);
  if (name !== null) {
    // Another strategy in this place: its own defaults, none of the old one's fields.
    p.strategies[Number(name[1])] = labStrategy(el.value) ?? p.strategies[Number(name[1])];
    p.focus = Number(name[1]);
    return;
  }
  const sp = strategyParam(param, p);
  if (sp !== undefined) {
    sp.s.values[sp.control.field] = sp.control.kind === 'choice' ? el.value : num;
    // Touching a strategy's control shows that strategy.
    p.focus = p.strategies.indexOf(sp.s);
    return;
  }
  switch (param) {
    case 'lagDist': p.lag = el.value === 'file' ? null : { dist: el.value as LagFamily, meanMs: (p.lag ?? meta.lagStart).meanMs }; break;
    case 'lagMeanMs': p.lag = { dist: (p.lag ?? meta.lagStart).dist, meanMs: num }; break;
    case 'traffic': p.traffic = el.checked; break;
    case 'readRatePerSec': p.readRatePerSec = num; break;
    case 'writeRatePerSec': p.writeRatePerSec = num; break;
    case 'criticalFraction': p.criticalFraction = num; break;
    case 'durationMs': p.durationMs = num; break;
    case 'seed': if (Number.isSafeInteger(num) && num >= 0) p.seed = num; break;
  }
}

for (const el of Array.from(document.querySelectorAll<HTMLElement>('[data-lagsim-lab]'))) {
  const source = document.getElementById(el.dataset.lagsimLab!);
  if (source !== null) mountLab(el, JSON.parse(source.textContent ?? '{}') as LabData);
}
