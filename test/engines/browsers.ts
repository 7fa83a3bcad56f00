import { chromium, firefox, type Browser } from 'playwright-core';
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

/** Opens `url` in `engine` and returns the contract report the page publishes. */
export async function runInPlaywright(engine: PlaywrightEngine, url: string, timeoutMs: number): Promise<Report> {
  const browser = await launch(engine);
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => '__contractReport' in window, undefined, { timeout: timeoutMs });
    return (await page.evaluate(() => (window as unknown as { __contractReport: Promise<unknown> }).__contractReport)) as Report;
  } finally {
    await browser.close();
  }
}
