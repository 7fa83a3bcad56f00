// Chromium and Firefox ESR (Playwright) and WebKitGTK (WebKitWebDriver), from
// Debian, as the repository's browser suites drive them. A server on
// 127.0.0.1 serves the UMD polyfill, the checkout's harness and the tests.
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
}

async function serve(list: Scenario[], options: BrowserRunOptions): Promise<{ server: Server; origin: string }> {
  const cases = await Promise.all(list.map((scenario) => options.prepare(codeOf(scenario.test.source, scenario))));
  const polyfill = readFileSync(polyfillUmd, 'utf8');
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
    if (path === '/') send('text/html', driverPage(list.length, options.timeoutMs));
    else if (scenario) {
      const { test } = scenario;
      const harness = harnessFor(test).map((name) => harnessSource(name));
      send('text/html', testPage({ index: Number(index), polyfill, harness, code: cases[Number(index)]!, async: test.flags.has('async'), module: test.flags.has('module') }));
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
  // Each scenario is bounded by the driver page; this bounds the whole run.
  const totalMs = list.length * (options.timeoutMs + 2000) + 60_000;
  try {
    if (browser === 'webkit') {
      return await withWebKitPage(async (page) => {
        await page.goto(`${origin}/`);
        return page.evaluate<Outcome[]>('window.__t262Done', totalMs);
      });
    }
    const instance =
      browser === 'chromium'
        ? // gc() for $262.gc (the FinalizationRegistry test).
          await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--js-flags=--expose-gc'] })
        : await firefox.launch({ channel: 'moz-firefox', executablePath: firefoxPath });
    try {
      const page = await instance.newPage();
      await page.goto(`${origin}/`);
      return await withTimeout(page.evaluate(() => (window as unknown as { __t262Done: Promise<Outcome[]> }).__t262Done), totalMs, browser);
    } finally {
      await instance.close();
    }
  } finally {
    server.close();
    server.closeAllConnections();
  }
}
