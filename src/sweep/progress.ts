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

/** `label [██████░░░░] 12/44`, shortened to fit: the label goes first, then the bar narrows. */
export function progressLine(label: string, done: number, total: number, width: number): string {
  const count = ` ${done}/${total}`;
  const bar = (n: number): string => {
    const filled = total === 0 ? n : Math.round((n * done) / total);
    return `[${'█'.repeat(filled)}${'░'.repeat(n - filled)}]`;
  };
  const full = `${label} ${bar(BAR)}${count}`;
  if (full.length <= width) return full;
  const n = Math.max(5, Math.min(BAR, width - count.length - 2));
  return `${bar(n)}${count}`;
}

export interface ProgressOptions {
  /** false: no bar at all (`lagsim run --json`, a short run). Default true. */
  enabled?: boolean;
  /** Least time between two redraws (ms), the last one excepted. Default 100. */
  intervalMs?: number;
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
  let shown = '';
  let drawnAt = -Infinity;
  return {
    update(done, total) {
      if (done < total && now() - drawnAt < interval) return;
      const line = progressLine(label, done, total, width());
      if (line === shown) return;
      shown = line;
      drawnAt = now();
      stream.write(`\r${line}`);
    },
    finish() {
      if (shown !== '') stream.write(`\r${' '.repeat(shown.length)}\r`);
      shown = '';
    },
  };
}
