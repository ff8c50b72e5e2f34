import * as fs from 'fs';
import { cannotWrite } from '../report/files';
import { printable, printableLines } from '../report/printable';
import { pngUnavailable } from '../report/charts/png';
import { Lang, t } from '../i18n';

/** After a report folder is written: one stderr line if it lacks its PNG charts, saying why and how to get them. */
export function warnIfNoPng(lang: Lang): void {
  const reason = pngUnavailable();
  if (reason !== null) process.stderr.write(`lagsim: ${printable(t(lang, 'cli.noPng', { reason }))}\n`);
}

/**
 * Buffered stdout for long outputs (a trace can be millions of lines). Everything goes
 * through printable (report/printable): no control character from a scenario reaches the
 * terminal. The reader going away (`lagsim trace … | head`) ends the process quietly with
 * 0; any other failure (a full disk, an I/O error) is reported like an unwritable report
 * file — one line, exit 2, since the destination the user chose cannot take the output.
 */
export class Output {
  /** Encoded bytes not yet written: lines are encoded straight into it, never joined. */
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  /** One line: a newline inside `text` is escaped too, so it cannot start a line of its own. */
  line(text: string): void {
    this.push(printable(text));
  }

  /** One line that is already printable (printable applied to every part of it that came from a scenario). */
  printedLine(text: string): void {
    this.push(text);
  }

  /** Several lines laid out by lagsim (a table, pretty JSON): its newlines are kept. */
  lines(text: string): void {
    this.push(printableLines(text));
  }

  flush(): void {
    if (this.used === 0) return;
    const data = this.buf.subarray(0, this.used);
    this.used = 0;
    writeStdout(data);
  }

  private push(text: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8; a text longer than the buffer goes alone.
    const most = 3 * text.length + 1;
    if (this.used + most > this.buf.length) this.flush();
    if (most > this.buf.length) {
      writeStdout(Buffer.from(text + '\n'));
      return;
    }
    this.used += this.buf.write(text, this.used);
    this.buf[this.used++] = 0x0a;
  }
}

/** `arg` as a POSIX shell reads it back as one word: as it is when plain, else in single quotes. */
export function shellWord(arg: string): string {
  return /^[\w./@%+=:,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * writeSync may take only part of the buffer — stdout is a non-blocking pipe under
 * `lagsim trace … | wc -l` — or none (EAGAIN): the rest is written until the reader has
 * it all.
 */
export function writeStdout(buf: Buffer): void {
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(1, buf));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(0);
      if (code !== 'EAGAIN') throw cannotWrite('stdout', err);
    }
  }
}
