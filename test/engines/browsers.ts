import { chromium, firefox, type Browser } from 'playwright-core';
import type { Manifest } from '../portable/manifest.js';
import type { Report } from '../portable/run.js';
import { chromiumArgs, chromiumPath, firefoxPath } from './debian-browsers.js';

// Chromium and Firefox ESR from Debian, driven by Playwright. (WebKit: webkit.ts.)

export type PlaywrightEngine = 'chromium' | 'firefox';

/** Chromium or Firefox ESR from Debian. */
export function launch(engine: PlaywrightEngine): Promise<Browser> {
  return engine === 'chromium'
    ? chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    : firefox.launch({ channel: 'moz-firefox', executablePath: firefoxPath });
}

/** Opens `url` in `engine` and returns the manifest and the report the suite's page publishes. */
export async function runInPlaywright(engine: PlaywrightEngine, url: string, timeoutMs: number): Promise<{ manifest?: Manifest; report: Report }> {
  const browser = await launch(engine);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => '__contractReport' in window, undefined, { timeout: timeoutMs });
    return await page.evaluate(async () => {
      const published = window as unknown as { __contractManifest?: Manifest; __contractReport: Promise<Report> };
      return { manifest: published.__contractManifest, report: await published.__contractReport };
    });
  } finally {
    await browser.close();
  }
}
