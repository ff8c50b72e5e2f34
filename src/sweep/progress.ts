import { Lang, t } from '../i18n';
import { displayWidth } from '../i18n/template';

/** What the progress bar writes to; a terminal gets a bar, anything else silence. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar so the next output starts on a clean line. */
  finish(): void;
}

const BAR = 30;

/**
 * `label [██████░░░░] 12/44 · ~3 min left`, shortened to fit `width` terminal columns (a
 * Hangul syllable takes two): the label goes first, then the bar narrows. `leftMs`: the time
 * the rest is estimated to take, when there is an estimate.
 */
export function progressLine(label: string, done: number, total: number, width: number, leftMs?: number, lang: Lang = 'en'): string {
  const count = ` ${done}/${total}${leftMs === undefined ? '' : ` · ${t(lang, 'progress.left', { time: formatLeft(leftMs, lang) })}`}`;
  const bar = (n: number): string => {
    const filled = total === 0 ? n : Math.round((n * done) / total);
    return `[${'█'.repeat(filled)}${'░'.repeat(n - filled)}]`;
  };
  const full = `${label} ${bar(BAR)}${count}`;
  if (displayWidth(full) <= width) return full;
  const n = Math.max(5, Math.min(BAR, width - displayWidth(count) - 2));
  return `${bar(n)}${count}`;
}

/** A time left, rounded to what a reader plans by: 40s, 12 min, 5 h, 3 days (40초, 12분, 5시간, 3일). */
export function formatLeft(ms: number, lang: Lang = 'en'): string {
  const s = ms / 1000;
  if (s < 90) return t(lang, 'progress.s', { n: Math.max(1, Math.round(s)) });
  if (s < 90 * 60) return t(lang, 'progress.min', { n: Math.round(s / 60) });
  if (s < 48 * 3600) return t(lang, 'progress.h', { n: Math.round(s / 3600) });
  return t(lang, 'progress.days', { n: Math.round(s / 86400) });
}

/** No estimate before this much time has passed: the first tasks' pace says little. */
const ESTIMATE_AFTER_MS = 2000;

export interface ProgressOptions {
  /** false: no bar at all (`lagsim run --json`, a short run). Default true. */
  enabled?: boolean;
  /** Least time between two redraws (ms), the last one excepted. Default 100. */
  intervalMs?: number;
  /** The language of the time left (default English). */
  lang?: Lang;
  /** The clock the interval is measured on (tests give their own). */
  now?: () => number;
}

/**
 * A one-line progress bar redrawn in place with \r, on stderr so it never mixes with
 * results on stdout, at most every `intervalMs`. Silent unless the stream is a terminal
 * (pipes, CI logs, tests). It draws no colour, so NO_COLOR leaves it as it is.
 */
export function progressBar(stream: ProgressStream, label: string, opts: ProgressOptions = {}): Progress {
  if (!stream.isTTY || opts.enabled === false) return { update: () => undefined, finish: () => undefined };
  // A pseudo-terminal may report 0 columns; assume the classic 80 then.
  const width = (): number => (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1;
  const interval = opts.intervalMs ?? 100;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  let shown = '';
  let drawnAt = -Infinity;
  return {
    update(done, total) {
      if (done < total && now() - drawnAt < interval) return;
      const line = progressLine(label, done, total, width(), timeLeft(now() - startedAt, done, total), opts.lang);
      if (line === shown) return;
      shown = line;
      drawnAt = now();
      stream.write(`\r${line}`);
    },
    finish() {
      if (shown !== '') stream.write(`\r${' '.repeat(displayWidth(shown))}\r`);
      shown = '';
    },
  };
}

/** The rest at the pace so far, once some tasks are done and ESTIMATE_AFTER_MS has passed; none when all are done. */
function timeLeft(elapsedMs: number, done: number, total: number): number | undefined {
  if (done === 0 || done >= total || elapsedMs < ESTIMATE_AFTER_MS) return undefined;
  return (elapsedMs / done) * (total - done);
}
