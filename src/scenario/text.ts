import type { Lang } from '../i18n';
import type { Scenario } from './types';

/** A scenario's own text (title, description): one string for every language, or one per language. */
export type LocalText = string | Record<Lang, string>;

export function textIn(text: LocalText, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

export function titleIn(sc: Scenario, lang: Lang): string {
  return textIn(sc.input.title ?? sc.name, lang);
}

export function descriptionIn(sc: Scenario, lang: Lang): string | undefined {
  const d = sc.input.description;
  return d === undefined ? undefined : textIn(d, lang);
}

/** The scenario with `title` in `lang`, for pages and charts that print `sc.title`. */
export function inLang(sc: Scenario, lang: Lang): Scenario {
  return { ...sc, title: titleIn(sc, lang) };
}
