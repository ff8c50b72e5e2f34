import * as path from 'path';

// The module object itself, whose writeSync the CLI's stdout (cli/output.ts) calls; an
// `import * as` namespace here would be a copy, and replacing its writeSync would not be seen.
const fs = require('fs') as typeof import('fs');

/**
 * The command line run inside the test process: the built CLI (dist/cli/main.js, what
 * bin/lagsim.js calls) with process.exit throwing, stdout and stderr captured and the exit
 * code reset after. Starting `node bin/lagsim.js` costs about half a CPU second before it
 * does anything; tests of what lagsim prints and which exit code it chooses run here, and
 * each file keeps real processes for what depends on the process itself (the exit status
 * the shell sees, the locale from the environment, signals, a closed or full stdout, a heap
 * limit, two processes at once). Needs `npm run build`, like the tests that spawn bin/lagsim.js.
 * `trace --json` writes past its first megabyte from a thread (cli/stdoutThread.ts), which
 * this capture does not see: a longer trace is tested as a process.
 */
export interface Outcome { code: number; stdout: string; stderr: string }

export interface CliOptions {
  /** The locale variables (LANG, LC_ALL, LC_MESSAGES) for this call: these, the others unset. */
  locale?: Record<string, string>;
  /** The current folder for this call (where a report without --out would go). */
  cwd?: string;
  /** What standard input holds for this call (`lagsim run -`); without it, reading it fails (EBADF). */
  stdin?: string | Buffer;
}

const LOCALE_VARS = ['LANG', 'LC_ALL', 'LC_MESSAGES'];

class Exit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

let built: typeof import('../src/cli/main') | null = null;
function main(argv: string[]): Promise<void> {
  built ??= require(path.join(__dirname, '..', 'dist', 'cli', 'main.js')) as typeof import('../src/cli/main');
  return built.main(argv);
}

/** Sets the locale variables for one call; returns what puts the old ones back. */
function withLocale(locale: Record<string, string> | undefined): () => void {
  if (locale === undefined) return () => undefined;
  const saved = LOCALE_VARS.map((name) => [name, process.env[name]] as const);
  for (const name of LOCALE_VARS) delete process.env[name];
  Object.assign(process.env, locale);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** Runs `lagsim …argv` in this process and returns its exit code and output. */
export async function cli(argv: string[], opts: CliOptions = {}): Promise<Outcome> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { exit: process.exit, out: process.stdout.write, err: process.stderr.write, writeSync: fs.writeSync, readSync: fs.readSync };
  let input = opts.stdin === undefined ? null : Buffer.from(opts.stdin);
  const restoreLocale = withLocale(opts.locale);
  const cwd = process.cwd();
  if (opts.cwd !== undefined) process.chdir(opts.cwd);
  process.exitCode = undefined;
  process.exit = ((code?: number) => {
    throw new Exit(code ?? 0);
  }) as never;
  process.stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as never;
  process.stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as never;
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      (fd === 1 ? out : err).push(String(data));
      return Buffer.byteLength(String(data));
    }
    return (saved.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as never;
  fs.readSync = ((fd: number, buf: Buffer, ...rest: unknown[]) => {
    if (fd !== 0) return (saved.readSync as (...a: unknown[]) => number)(fd, buf, ...rest);
    if (input === null) throw Object.assign(new Error('EBADF: bad file descriptor, read'), { code: 'EBADF' });
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const n = input.copy(buf, offset, 0, Math.min(input.length, typeof rest[1] === 'number' ? rest[1] : buf.length - offset));
    input = input.subarray(n);
    return n;
  }) as never;
  let code: number | undefined;
  try {
    // Async commands (sweep, a run on worker threads) finish, or fail, in a promise.
    await main(argv);
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
    code = e.code;
  } finally {
    Object.assign(process, { exit: saved.exit });
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    fs.writeSync = saved.writeSync;
    fs.readSync = saved.readSync;
    restoreLocale();
    process.chdir(cwd);
  }
  code ??= Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  // Node's own runtime warnings about this test process's environment (e.g. NO_COLOR with
  // FORCE_COLOR set by the test runner) are not lagsim's output.
  const stderr = err.join('').replace(/^\(node:\d+\) Warning: .*\n(\(Use `node --trace-warnings .*\n)?/gm, '');
  return { code, stdout: out.join(''), stderr };
}
