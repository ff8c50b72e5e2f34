import { Lang, t } from '../../i18n';
import { dashOf } from './theme';

/** A line dataset as the distinguishing helpers see it. */
interface LineDataset {
  label: string;
  data: unknown;
  lagsimBand?: unknown;
  borderDash?: number[];
}

/**
 * Series drawn on one axis pair stay distinguishable: each gets its own dash (so one
 * drawn over an equal one leaves it visible), and a series whose points (and band) are
 * exactly an earlier one's says so in its label — "identical to …", naming `names[j]`.
 * Only equal data are called identical.
 */
export function distinguish<D extends LineDataset>(datasets: D[], names: string[], lang: Lang): Array<D & { borderDash: number[] }> {
  const keys = datasets.map((d) => JSON.stringify([d.data, d.lagsimBand ?? null]));
  return datasets.map((d, i) => {
    const j = keys.indexOf(keys[i]);
    const label = j < i ? `${d.label} ${t(lang, 'series.identical', { other: names[j] })}` : d.label;
    return { ...d, label, borderDash: dashOf(i) };
  });
}
