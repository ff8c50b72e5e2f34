import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { pathToFileURL } from 'url';

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

/**
 * Prints each page (name and HTML) to a PDF with `browser`; returns name → PDF bytes for those
 * that printed. A page Chromium fails on is left out (the caller counts what it got).
 */
export function printPdfs(browser: string, pages: Array<[string, string]>): Map<string, Buffer> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-site-'));
  const out = new Map<string, Buffer>();
  try {
    for (const [name, html] of pages) {
      const page = path.join(tmp, name);
      const pdf = page.replace(/\.html$/, '.pdf');
      fs.writeFileSync(page, html, { flag: 'wx' });
      const r = spawnSync(browser, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
        `--user-data-dir=${path.join(tmp, 'profile')}`, `--print-to-pdf=${pdf}`, pathToFileURL(page).href], { stdio: 'ignore', timeout: 120_000 });
      if (r.status === 0 && fs.existsSync(pdf)) out.set(name, fs.readFileSync(pdf));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}
