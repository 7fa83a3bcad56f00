// Runs a page bundle (bundle.ts) in Chromium or Firefox ESR (Playwright) or
// WebKitGTK (WebKitWebDriver), launched by the repository's own helpers
// (test/engines/), and reads window.__peerResult. The page loads Mocha's
// browser build, then the bundle.
import { writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { startServer } from '../../../e2e/server.js';
import { launch } from '../../../test/engines/browsers.js';
import { withWebKitPage } from '../../../test/engines/webkit.js';
import type { PeerRun } from './result.js';

export const BROWSER_ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type BrowserEngine = (typeof BROWSER_ENGINES)[number];

const TIMEOUT_MS = 120_000;
/** What the e2e server serves. */
const root = join(import.meta.dirname, '..', '..', '..');

/** The page beside the bundle: Mocha's browser build first, then the bundle (a module: it may use top-level await). */
export function writePage(bundle: string): string {
  const page = bundle.replace(/\.mjs$/, '.html');
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><title>${basename(bundle)}</title>\n<div id="mocha"></div>\n` +
      `<script src="/node_modules/mocha/mocha.js"></script>\n<script type="module" src="./${basename(bundle)}"></script>\n`,
  );
  return page;
}

/** Polls in the page until the bundle published its result, then awaits it (a WebDriver script must be one expression). */
const awaitResult = `new Promise((resolve, reject) => {
  const deadline = Date.now() + ${TIMEOUT_MS};
  const poll = () => {
    if ('__peerResult' in window) return resolve(window.__peerResult);
    if (Date.now() > deadline) return reject(new Error('no window.__peerResult after ${TIMEOUT_MS} ms'));
    setTimeout(poll, 50);
  };
  poll();
})`;

/** Opens `page` (a file inside the repository, which the e2e server serves) in `engine`. */
export async function runInBrowser(engine: BrowserEngine, page: string): Promise<PeerRun> {
  const server = await startServer();
  const url = `${server.url}/${relative(root, page).split('\\').join('/')}`;
  try {
    if (engine === 'webkit') {
      return await withWebKitPage(async (webkit) => {
        await webkit.goto(url);
        return webkit.evaluate<PeerRun>(awaitResult, TIMEOUT_MS + 5000);
      });
    }
    const browser = await launch(engine);
    try {
      const tab = await browser.newPage();
      // Errors outside any test's verdict: Mocha attributes those during a test; these are the rest.
      const stray: string[] = [];
      tab.on('pageerror', (error) => stray.push(`page error ${error.name}: ${error.message.split('\n')[0]}`));
      await tab.goto(url);
      const result = (await tab.evaluate(awaitResult)) as PeerRun;
      return { ...result, unhandled: [...result.unhandled, ...stray] };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
