import { expect, test } from './fixtures.js';
import type { HarnessWindow } from './page-types.js';

// Real, trusted input (Playwright's mouse and keyboard go through the
// browser's input pipeline, event.isTrusted is true) under both policies.

for (const events of ['registration', 'dispatch'] as const) {
  test(`trusted click and key under the '${events}' policy`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/harness.html?events=${events}`);
    await page.evaluate(() => {
      const w = window as HarnessWindow;
      w.log = [];
      const button = document.getElementById('button')!;
      const input = document.getElementById('input')!;
      w.v.run('at-registration', () => {
        button.addEventListener('click', (e) => w.log.push(['listener', e.isTrusted, w.v.get()]));
        button.onclick = (e) => w.log.push(['onclick', e.isTrusted, w.v.get()]);
        input.addEventListener('keydown', (e) => w.log.push(['keydown', e.isTrusted, w.v.get()]));
      });
    });
    await page.click('#button');
    await page.focus('#input');
    await page.keyboard.press('a');
    const expected = events === 'registration' ? 'at-registration' : 'empty';
    expect(await page.evaluate(() => (window as HarnessWindow).log)).toEqual([
      ['listener', true, expected],
      ['onclick', true, expected],
      ['keydown', true, expected],
    ]);
  });
}
