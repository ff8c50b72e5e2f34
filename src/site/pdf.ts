import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChildProcess, spawn } from 'child_process';
import { pathToFileURL } from 'url';
import { onInterrupt } from '../report/files';

/**
 * Printable handouts: each lesson page printed to PDF by a headless Chromium, when one is
 * installed. The page's print stylesheet drops the controls, the lab and the navigation;
 * the page opens predicting, so the handout asks the question and leaves the prediction and
 * the exercises to fill in, without the run's numbers. The pages are printed from a private
 * temporary folder, so the PDFs join the site's other files in one atomic write.
 */

const BROWSERS = ['chromium', 'chromium-browser', 'google-chrome'];

/** The first Chromium on PATH, or null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const name of BROWSERS) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The longest a page may take to print; then its browser is stopped and the page left out. */
const PRINT_TIMEOUT_MS = 120_000;

/**
 * Prints each page (name and HTML) to a PDF with `browser` and returns name → PDF bytes for
 * those that printed, in page order. A page Chromium fails on, or that takes longer than
 * PRINT_TIMEOUT_MS, is left out (the caller counts what it got). One page at a time:
 * Chromium spreads a print over every core (a lesson page: about 7.5 CPU seconds, 4 s on 2
 * cores), so printing several at once is no faster. `onDone` is called after each page (a
 * progress bar). On SIGINT, SIGTERM or SIGHUP the browser is stopped and the folder removed
 * before lagsim exits.
 */
export async function printPdfs(browser: string, pages: Array<[string, string]>, onDone?: (done: number, total: number) => void): Promise<Map<string, Buffer>> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-site-'));
  let running: ChildProcess | null = null;
  const unregister = onInterrupt(() => {
    // The browser and its helper processes: its own process group.
    if (running?.pid !== undefined) process.kill(-running.pid, 'SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const out = new Map<string, Buffer>();
  try {
    for (let i = 0; i < pages.length; i++) {
      const [name, html] = pages[i];
      const page = path.join(tmp, name);
      const pdf = page.replace(/\.html$/, '.pdf');
      fs.writeFileSync(page, html, { flag: 'wx' });
      running = spawn(browser, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
        `--user-data-dir=${path.join(tmp, 'profile')}`, `--print-to-pdf=${pdf}`, pathToFileURL(page).href], { stdio: 'ignore', timeout: PRINT_TIMEOUT_MS, killSignal: 'SIGKILL', detached: true });
      if (await succeeded(running) && fs.existsSync(pdf)) out.set(name, fs.readFileSync(pdf));
      running = null;
      onDone?.(i + 1, pages.length);
    }
  } finally {
    unregister();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/** Whether the process ends with exit code 0 (false when it could not start or was killed). */
function succeeded(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}
