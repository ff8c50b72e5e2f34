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

/**
 * A one-line progress bar redrawn in place with \r, on stderr so it never mixes with
 * results on stdout. Silent unless the stream is a terminal (pipes, CI logs, tests).
 */
export function progressBar(stream: ProgressStream, label: string): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  // A pseudo-terminal may report 0 columns; assume the classic 80 then.
  const width = (): number => (stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80) - 1;
  let shown = '';
  return {
    update(done, total) {
      const line = progressLine(label, done, total, width());
      if (line === shown) return;
      shown = line;
      stream.write(`\r${line}`);
    },
    finish() {
      if (shown !== '') stream.write(`\r${' '.repeat(shown.length)}\r`);
    },
  };
}
