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

const WIDTH = 30;

/**
 * A one-line progress bar redrawn in place with \r, on stderr so it never mixes with
 * results on stdout. Silent unless the stream is a terminal (pipes, CI logs, tests).
 */
export function progressBar(stream: ProgressStream, label: string): Progress {
  if (!stream.isTTY) return { update: () => undefined, finish: () => undefined };
  let shown = '';
  return {
    update(done, total) {
      const filled = total === 0 ? WIDTH : Math.round((WIDTH * done) / total);
      const line = `${label} [${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${total}`;
      if (line === shown) return;
      shown = line;
      stream.write(`\r${line.slice(0, Math.max(20, (stream.columns ?? 80) - 1))}`);
    },
    finish() {
      if (shown !== '') stream.write(`\r${' '.repeat(Math.min(shown.length, (stream.columns ?? 80) - 1))}\r`);
    },
  };
}
