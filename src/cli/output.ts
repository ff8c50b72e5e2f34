/**
 * Buffered stdout for long outputs (a trace can be millions of lines), and quiet
 * exit when the reader goes away (`lagsim trace … | head`).
 */
export class Output {
  private chunks: string[] = [];
  private size = 0;

  line(text: string): void {
    this.chunks.push(text, '\n');
    this.size += text.length + 1;
    if (this.size > 1 << 16) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
    this.writeAll(data);
  }

  /**
   * writeSync may take only part of the buffer — stdout is a non-blocking pipe under
   * `lagsim trace … | wc -l` — or none (EAGAIN): write the rest until the reader has it
   * all. Ignoring the count lost lines (the output stayed deterministic only into files).
   */
  private writeAll(buf: Buffer): void {
    const fs = require('fs') as typeof import('fs');
    while (buf.length > 0) {
      try {
        const n = fs.writeSync(1, buf);
        buf = buf.subarray(n);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(0);
        if (code !== 'EAGAIN') throw err;
      }
    }
  }
}
