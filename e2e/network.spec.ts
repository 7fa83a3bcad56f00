import { expect, test } from './fixtures.js';
import type { HarnessWindow } from './page-types.js';

// fetch and XHR against the test's own server on 127.0.0.1.

test('fetch: .then callbacks after a real response run in the frame of the call, for concurrent requests', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/pages/harness.html?events=registration`);
  const results = await page.evaluate(() => {
    const w = window as HarnessWindow;
    return Promise.all(
      ['a', 'b', 'c'].map((id, i) =>
        w.v.run(id, () =>
          fetch(`/api/echo?delay=${30 - i * 10}&value=${id}`)
            .then((response) => response.json())
            .then((body: { echo: string }) => [body.echo, w.v.get()]),
        ),
      ),
    );
  });
  expect(results).toEqual([['a', 'a'], ['b', 'b'], ['c', 'c']]);
});

for (const events of ['registration', 'dispatch'] as const) {
  test(`XHR events under '${events}': listeners and on* handlers`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/harness.html?events=${events}`);
    const seen = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const w = window as HarnessWindow;
          const log: unknown[] = [];
          const xhr = new XMLHttpRequest();
          // Registered in one frame, sent from another: the policy decides.
          w.v.run('at-registration', () => {
            xhr.addEventListener('load', () => log.push(['load', w.v.get()]));
            xhr.onloadend = () => {
              log.push(['onloadend', w.v.get()]);
              resolve(log);
            };
          });
          xhr.open('GET', '/api/echo?delay=10&value=x');
          w.v.run('at-send', () => xhr.send());
        }),
    );
    const expected = events === 'registration' ? 'at-registration' : 'at-send';
    expect(seen).toEqual([['load', expected], ['onloadend', expected]]);
  });
}
