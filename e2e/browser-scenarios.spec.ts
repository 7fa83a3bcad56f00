import { expect, test } from './fixtures.js';
import { scenarios } from './scenarios.js';

// The shared scenarios (scenarios.ts) in Chromium and Firefox; WebKit runs the
// same list through test/engines/webkit-e2e.ts.

for (const scenario of scenarios) {
  test(scenario.name, async ({ page, server }) => {
    if (scenario.timeoutMs) test.setTimeout(scenario.timeoutMs);
    await scenario.prepare?.();
    await scenario.run(
      {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (expression) => page.evaluate(expression),
      },
      server.url,
    );
    expect(true).toBe(true);
  });
}
