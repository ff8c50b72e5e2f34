import { z } from 'zod';
import { LANGS, Lang } from '../i18n';
import type { Scenario } from './types';

/** A scenario's own text (title, description): one string for every language, or one per language. */
export type LocalText = string | Record<Lang, string>;

/**
 * A text written once per language, `{ en, ko, … }`: English is required, any other
 * language may be left out and then reads the English. So a language added to lagsim
 * does not make every scenario and lesson written before it invalid.
 */
export function perLanguage(text: z.ZodString): z.ZodType<Record<Lang, string>> {
  const shape = Object.fromEntries(LANGS.map((l) => [l, l === 'en' ? text : text.optional()])) as Record<Lang, z.ZodOptional<z.ZodString>>;
  return z.strictObject(shape).transform((t) => Object.fromEntries(LANGS.map((l) => [l, t[l] ?? t.en])) as Record<Lang, string>) as unknown as z.ZodType<Record<Lang, string>>;
}

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
