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
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    try {
      require('fs').writeSync(1, data);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return this.retry(data);
      throw err;
    }
  }

  /** stdout is non-blocking when it is a pipe; spin until the reader takes the rest. */
  private retry(data: string): void {
    const fs = require('fs') as typeof import('fs');
    let buf = Buffer.from(data);
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
