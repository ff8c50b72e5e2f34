import * as path from 'path';
import { pickLang, t } from '../i18n';
import { assertFolderReplaceable, onInterrupt, writeFolderAtomic } from '../report/files';
import { buildSite, bundledLessons, siteFileNames } from '../site/build';
import { readGlossary } from '../site/pages';
import { findChromium, printPdfs } from '../site/pdf';
import { readLabBundle } from './labCommand';
import { Output } from './output';
import { progressBar } from '../sweep/progress';

export interface SiteArgs {
  out?: string;
  lang?: string;
  /** false with --no-pdf: no handouts printed even where Chromium is installed. */
  pdf?: boolean;
}

/**
 * `lagsim site`: the classroom site (src/site/build.ts) written as one folder, atomically
 * and by the rules of every report folder (src/report/files.ts: a lock, nothing written
 * through a link or over anything but a regular file), with a PDF handout per lesson page
 * when Chromium is installed — otherwise one line saying the PDFs were skipped.
 */
export async function siteCommand(a: SiteArgs): Promise<void> {
  const lang = pickLang(a.lang);
  const dir = a.out ?? path.join('reports', 'site');
  const browser = a.pdf === false ? null : findChromium();
  const lessons = bundledLessons();
  assertFolderReplaceable(dir, siteFileNames(browser !== null, lessons));
  const site = buildSite({ lang, bundleJs: readLabBundle(), withPdf: browser !== null, glossaryMarkdown: readGlossary() }, lessons);
  const files: Array<[string, string | Buffer]> = [...site.files];
  let pdfNote: string;
  if (browser === null) {
    pdfNote = t(lang, 'cli.siteNoPdf', { reason: t(lang, a.pdf === false ? 'site.pdfOff' : 'site.noChromium') });
  } else {
    const pages = site.files.filter(([name]) => site.lessonPages.includes(name));
    const bar = progressBar(process.stderr, t(lang, 'progress.sitePdf'), { lang });
    const forget = onInterrupt(() => bar.finish());
    let pdfs: Map<string, Buffer>;
    try {
      pdfs = await printPdfs(browser, pages, (d, n) => bar.update(d, n));
    } finally {
      bar.finish();
      forget();
    }
    for (const [name, pdf] of pdfs) files.push([name.replace(/\.html$/, '.pdf'), pdf]);
    pdfNote = t(lang, 'cli.sitePdfs', { count: pdfs.size, browser: path.basename(browser) });
  }
  writeFolderAtomic(dir, files);
  const out = new Output();
  out.line(t(lang, 'cli.site', { dir: `${dir}${path.sep}`, count: files.length }));
  out.line(pdfNote);
  out.flush();
}
