import { chromium, firefox, type Browser } from 'playwright-core';
import type { Report } from '../portable/run.js';

// Chromium and Firefox ESR from Debian, driven by Playwright. (WebKit: webkit.ts.)

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export type PlaywrightEngine = 'chromium' | 'firefox';

function launch(engine: PlaywrightEngine): Promise<Browser> {
  return engine === 'chromium'
    ? chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs })
    : firefox.launch({ channel: 'moz-firefox', executablePath: '/usr/bin/firefox-esr' });
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
