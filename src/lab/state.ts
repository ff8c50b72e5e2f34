import { STRATEGIES } from '../strategies';
import { Lang, isLang } from '../i18n';
import { LAG_FAMILIES, LabParams, LabStrategy, LagFamily, MAX_LAB_STRATEGIES, labStrategy } from './params';

/**
 * The lab page's state as a link carries it: `#lab=<JSON>` after the page's address, so
 * a copied link (from file:// too, where a changed query would reload a different file)
 * opens the same settings, tab and language. Reading it trusts nothing: a field that is
 * missing or malformed keeps the page's own starting value.
 */
export interface PageState {
  params: LabParams;
  tab: string;
  lang: Lang;
}

const PREFIX = '#lab=';

export function stateHash(s: PageState): string {
  return PREFIX + encodeURIComponent(JSON.stringify({ ...s.params, tab: s.tab, lang: s.lang }));
}

const obj = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const num = (v: unknown, fallback: number, ok: (x: number) => boolean = () => true): number => (typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fallback);

/** The state in `hash` over `start`; null when the hash holds none. */
export function readStateHash(hash: string, start: PageState): PageState | null {
  if (!hash.startsWith(PREFIX)) return null;
  let raw: Record<string, unknown> | null;
  try {
    raw = obj(JSON.parse(decodeURIComponent(hash.slice(PREFIX.length))));
  } catch {
    return null;
  }
  if (raw === null) return null;
  const p = start.params;
  const strategies = Array.isArray(raw.strategies) ? raw.strategies.map(strategyOf).filter((s): s is LabStrategy => s !== null).slice(0, MAX_LAB_STRATEGIES) : [];
  const list = strategies.length > 0 ? strategies : p.strategies;
  const params: LabParams = {
    seed: num(raw.seed, p.seed, (x) => Number.isSafeInteger(x) && x >= 0),
    durationMs: num(raw.durationMs, p.durationMs, (x) => x > 0),
    lag: raw.lag === null ? null : lagOf(raw.lag) ?? p.lag,
    strategies: list,
    focus: num(raw.focus, 0, (x) => Number.isInteger(x) && x >= 0 && x < list.length),
    traffic: typeof raw.traffic === 'boolean' ? raw.traffic : p.traffic,
    readRatePerSec: num(raw.readRatePerSec, p.readRatePerSec, (x) => x >= 0),
    writeRatePerSec: num(raw.writeRatePerSec, p.writeRatePerSec, (x) => x >= 0),
    criticalFraction: num(raw.criticalFraction, p.criticalFraction, (x) => x >= 0 && x <= 1),
  };
  return { params, tab: typeof raw.tab === 'string' ? raw.tab : start.tab, lang: isLang(raw.lang) ? raw.lang : start.lang };
}

function lagOf(v: unknown): { dist: LagFamily; meanMs: number } | null {
  const o = obj(v);
  if (o === null || !LAG_FAMILIES.includes(o.dist as LagFamily)) return null;
  const meanMs = num(o.meanMs, NaN, (x) => x >= 0);
  return Number.isNaN(meanMs) ? null : { dist: o.dist as LagFamily, meanMs };
}

/** A strategy of a known name; of its values only its lab form's fields, each a number or a string (else the default). */
function strategyOf(v: unknown): LabStrategy | null {
  const o = obj(v);
  const def = o !== null && typeof o.name === 'string' ? STRATEGIES[o.name] : undefined;
  if (o === null || def === undefined) return null;
  const given = obj(o.values) ?? {};
  const values = { ...labStrategy(def.name)!.values };
  for (const c of def.lab?.controls ?? []) {
    const x = given[c.field];
    if (typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x))) values[c.field] = x;
  }
  return { name: def.name, values, rest: obj(o.rest) ?? {} };
}
