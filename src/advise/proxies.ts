import type { Lang, MessageKey, Vars } from '../i18n';
import { t } from '../i18n';
import type { StrategySpec } from '../strategies';
import { PROXY_MAPS, Plan, Line, StaleBias } from './proxyMaps';

export type { StaleBias } from './proxyMaps';

/**
 * A lagsim strategy written as the settings of the proxies and frameworks people run:
 * ProxySQL, MariaDB MaxScale readwritesplit, Pgpool-II, Rails' DatabaseSelector and
 * Laravel's read/write connections. A proxy gets a snippet only when one of its settings
 * routes reads the way the strategy does (up to the differences each snippet lists);
 * otherwise it gets a reason, never a snippet that does something else.
 */

export const PROXY_IDS = ['proxysql', 'maxscale', 'pgpool', 'rails', 'laravel'] as const;
export type ProxyId = (typeof PROXY_IDS)[number];

/** One thing the real system does differently, and which way it moves the stale-read rate against lagsim's. */
export interface Difference {
  text: string;
  /** The real system's stale-read rate compared with the simulated one: higher, lower, either way, or unaffected. */
  stale: StaleBias;
}

export interface ProxySnippet {
  proxy: ProxyId;
  /** The product's name as printed. */
  name: string;
  /** Where the settings go. */
  file: string;
  /** The settings, ready to paste; comments in the reader's language. */
  text: string;
  /** The lagsim strategy the settings were written for (its label). */
  corresponds: string;
  /** True when the settings route as the strategy does; false when `differs` names a difference that moves the stale-read rate. */
  exact: boolean;
  differs: Difference[];
}

export interface ProxyRefusal {
  proxy: ProxyId;
  name: string;
  corresponds: string;
  /** Why no setting of this proxy routes like the strategy. */
  reason: string;
  /** A lagsim strategy this proxy can express, to simulate instead; absent when none comes close. */
  nearest?: string;
}

export type ProxyAnswer = ProxySnippet | ProxyRefusal;

export function isSnippet(a: ProxyAnswer): a is ProxySnippet {
  return 'text' in a;
}

/** The answer of every proxy (or of `only`) for the strategy. */
export function proxyAnswers(spec: StrategySpec, lang: Lang, only?: ProxyId): ProxyAnswer[] {
  return PROXY_IDS.filter((id) => only === undefined || id === only).map((id) => answerOf(id, spec, lang));
}

/** Ready-to-paste settings for every proxy that can express the strategy; nothing for the others. */
export function proxySnippets(spec: StrategySpec, lang: Lang): ProxySnippet[] {
  return proxyAnswers(spec, lang).filter(isSnippet);
}

/** What proxy `id` makes of the strategy, language-neutral: lines and differences, or a reason. */
export function planOf(id: ProxyId, spec: StrategySpec): Plan {
  const map = PROXY_MAPS[id];
  const mapper = map.strategies[spec.name];
  return mapper !== undefined ? mapper(spec.params as never) : { refuse: { key: 'proxy.unknownStrategy', vars: { proxy: map.name, strategy: spec.name } } };
}

function answerOf(id: ProxyId, spec: StrategySpec, lang: Lang): ProxyAnswer {
  const map = PROXY_MAPS[id];
  const plan = planOf(id, spec);
  const base = { proxy: id, name: map.name, corresponds: spec.label };
  if ('refuse' in plan) {
    const reason = t(lang, plan.refuse.key as MessageKey, plan.refuse.vars);
    return plan.nearest !== undefined ? { ...base, reason, nearest: plan.nearest } : { ...base, reason };
  }
  const differs = plan.differs.map((d) => ({ text: t(lang, d.key as MessageKey, d.vars), stale: d.stale }));
  return {
    ...base,
    file: map.file,
    text: plan.lines.map((line) => render(line, map.comment, lang)).join('\n'),
    exact: differs.every((d) => d.stale === 'none'),
    differs,
  };
}

function render(line: Line, comment: string, lang: Lang): string {
  return typeof line === 'string' ? line : `${comment} ${t(lang, line.key as MessageKey, line.vars as Vars | undefined)}`;
}

/** The answers as the terminal shows them: each proxy's settings indented, or its reason. */
export function formatProxyAnswers(answers: ProxyAnswer[], lang: Lang): string {
  return answers.map((a) => formatAnswer(a, lang)).join('\n');
}

function formatAnswer(a: ProxyAnswer, lang: Lang): string {
  if (!isSnippet(a)) {
    const lines = [`${a.name} — ${t(lang, 'proxy.head.none', { label: a.corresponds })}`, `  ${a.reason}`];
    if (a.nearest !== undefined) lines.push(`  ${t(lang, 'proxy.nearest', { label: a.nearest })}`);
    return `${lines.join('\n')}\n`;
  }
  const head = t(lang, a.exact ? 'proxy.head.exact' : 'proxy.head.approx', { label: a.corresponds });
  const lines = [`${a.name} — ${head}`, `  ${t(lang, 'proxy.where', { file: a.file })}`, '', ...a.text.split('\n').map((l) => (l === '' ? '' : `    ${l}`)), ''];
  if (a.differs.length > 0) {
    lines.push(`  ${t(lang, 'proxy.differs')}`);
    for (const d of a.differs) lines.push(`  - ${d.text} (${t(lang, `proxy.bias.${d.stale}`)})`);
  }
  return `${lines.join('\n')}\n`;
}
