// The documentation site (`npm run docs` → docs-site/) as a reader opens it,
// in Chromium: the start page and one API page render with their title and
// navigation, and the search finds an API by name. Served over http on
// 127.0.0.1, as a host would serve it (TypeDoc's pages load their navigation
// and search index with scripts).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
const site = join(root, 'docs-site');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

let server: http.Server;
let base: string;

test.beforeAll(async ({ browserName }) => {
  if (browserName !== 'chromium') return;
  // test/node/docs.test.ts builds it in `npm test`; build here when run alone.
  if (!existsSync(join(site, 'index.html'))) execFileSync('npm', ['run', 'docs'], { cwd: root, stdio: 'inherit', timeout: 240_000 });
  server = http.createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

test.describe('documentation site', () => {
  test.beforeEach(({ browserName }) => {
    test.skip(browserName !== 'chromium', 'the docs site is checked in Chromium only');
  });

  test('start page: title, the guides in the navigation, search finds an API', async ({ page }) => {
    await page.goto(`${base}/index.html`);
    await expect(page).toHaveTitle('taskcontext');
    await expect(page.locator('h1').first()).toContainText('taskcontext');
    // The sidebar is filled by a script from assets/navigation.js.
    const nav = page.locator('nav.tsd-navigation').last();
    await expect(nav.getByRole('link', { name: 'Getting started' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Cookbook' })).toBeVisible();
    // The search dialog, fed by assets/search.js.
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('AsyncResource');
    await expect(page.locator('#tsd-search-results li').first()).toContainText('AsyncResource');
    // A guide link leads to the guide.
    await page.keyboard.press('Escape');
    await nav.getByRole('link', { name: 'Getting started' }).click();
    await expect(page).toHaveTitle(/Getting started/);
  });

  test('API page: AsyncResource with its members and the navigation', async ({ page }) => {
    await page.goto(`${base}/classes/taskcontext.AsyncResource.html`);
    await expect(page).toHaveTitle(/AsyncResource/);
    await expect(page.locator('h1').first()).toContainText('AsyncResource');
    for (const member of ['runInAsyncScope', 'bind', 'asyncId', 'triggerAsyncId', 'emitDestroy']) {
      await expect(page.locator(`#${member.toLowerCase()}`).first(), member).toBeAttached();
    }
    const nav = page.locator('nav.tsd-navigation').last();
    await expect(nav.getByRole('link', { name: 'Getting started' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Module taskcontext', exact: true })).toBeVisible();
  });
});
