// Chromium and Firefox ESR (Playwright) and WebKitGTK (WebKitWebDriver), from
// Debian, as the repository's browser suites drive them. A server on
// 127.0.0.1 serves a UMD bundle of the library (the polyfill unless told
// another), the checkout's harness and the tests; a driver page runs them,
// one batch of scenarios per page load.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, firefox } from 'playwright-core';
import { chromiumArgs, chromiumPath, firefoxPath } from '../../test/engines/debian-browsers.js';
import { withWebKitPage } from '../../test/engines/webkit.js';
import { driverPage, testPage } from './pages.js';
import type { Outcome } from './report.js';
import { codeOf, harnessFor, type Scenario } from './tests.js';

export type BrowserName = 'chromium' | 'firefox' | 'webkit';

const polyfillUmd = fileURLToPath(new URL('../../dist/taskcontext.polyfill.umd.min.js', import.meta.url));

export interface BrowserRunOptions {
  checkout: string;
  prepare: (code: string) => Promise<string> | string;
  /** Per scenario. */
  timeoutMs: number;
  /** The UMD bundle each test page loads first: the polyfill by default, null for none. */
  library?: string | null;
  /** Whether an unhandled rejection fails a test (the default) or is ignored, as test262 itself does. */
  rejections?: 'fail' | 'ignore';
  /** Iframes at once in the driver page (1 by default: some tests measure memory or timing). */
  parallel?: number;
  /** Scenarios per driver page load (all by default): a page that dies takes only its batch with it. */
  batch?: number;
  /** Write each test page into an about:blank iframe rather than navigate the iframe to it (faster; see driverPage). */
  write?: boolean;
  /** Chromium and Firefox: driver pages at once, each in a renderer process of its own (1 by default; WebKit has one). */
  pages?: number;
}

async function serve(list: Scenario[], options: BrowserRunOptions): Promise<{ server: Server; origin: string }> {
  const cases = await Promise.all(list.map((scenario) => options.prepare(codeOf(scenario.test.source, scenario))));
  const libraryPath = options.library === undefined ? polyfillUmd : options.library;
  const library = libraryPath === null ? '' : readFileSync(libraryPath, 'utf8');
  const batch = options.batch ?? list.length;
  const harnessFiles = new Map<string, string>();
  const harnessSource = (name: string): string => {
    if (!harnessFiles.has(name)) harnessFiles.set(name, readFileSync(join(options.checkout, 'harness', name), 'utf8'));
    return harnessFiles.get(name)!;
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const send = (type: string, body: string): void => {
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    };
    const index = /^\/page\/(\d+)$/.exec(path)?.[1];
    const scenario = index === undefined ? undefined : list[Number(index)];
    const first = Number(/^\/batch\/(\d+)$/.exec(path)?.[1] ?? (path === '/' ? 0 : NaN));
    if (!Number.isNaN(first)) {
      send('text/html', driverPage(Math.min(batch, list.length - first), options.timeoutMs, { first, parallel: options.parallel ?? 1, write: options.write ?? false }));
    } else if (scenario) {
      const { test } = scenario;
      const harness = harnessFor(test).map((name) => harnessSource(name));
      const flags = { async: test.flags.has('async'), module: test.flags.has('module'), negative: test.negative, rejections: options.rejections };
      send('text/html', testPage({ index: Number(index), library, harness, code: cases[Number(index)]!, ...flags }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Runs every scenario in `browser`; outcomes in the order given. */
export async function runInBrowser(browser: BrowserName, list: Scenario[], options: BrowserRunOptions): Promise<Outcome[]> {
  const { server, origin } = await serve(list, options);
  const batch = options.batch ?? list.length;
  const firsts = Array.from({ length: Math.ceil(list.length / batch) }, (_, i) => i * batch);
  // Each scenario is bounded by the driver page; this bounds a batch.
  const batchMs = (count: number): number => Math.ceil(count / (options.parallel ?? 1)) * (options.timeoutMs + 2000) + 60_000;
  const countOf = (first: number): number => Math.min(batch, list.length - first);
  const outcomes: Outcome[] = [];
  try {
    if (browser === 'webkit') {
      await withWebKitPage(async (page) => {
        for (const first of firsts) {
          await page.goto(`${origin}/batch/${first}`);
          outcomes.push(...(await page.evaluate<Outcome[]>('window.__t262Done', batchMs(countOf(first)))));
        }
      });
      return outcomes;
    }
    const instance =
      browser === 'chromium'
        ? // gc() for $262.gc (the FinalizationRegistry test).
          await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--js-flags=--expose-gc'] })
        : await firefox.launch({ channel: 'moz-firefox', executablePath: firefoxPath });
    try {
      // Batches go to `pages` tabs at once, each in a context (and so a renderer process) of its own.
      const byBatch: Outcome[][] = [];
      let next = 0;
      const tab = async (): Promise<void> => {
        const page = await (await instance.newContext()).newPage();
        while (next < firsts.length) {
          const position = next++;
          const first = firsts[position]!;
          await page.goto(`${origin}/batch/${first}`);
          const done = page.evaluate(() => (window as unknown as { __t262Done: Promise<Outcome[]> }).__t262Done);
          byBatch[position] = await withTimeout(done, batchMs(countOf(first)), browser);
        }
      };
      await Promise.all(Array.from({ length: options.pages ?? 1 }, tab));
      return byBatch.flat();
    } finally {
      await instance.close();
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
