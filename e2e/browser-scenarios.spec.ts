import { test } from './fixtures.js';
import { postTaskScenario } from './post-task-scenario.js';
import { scenarios } from './scenarios.js';

// The shared scenarios (scenarios.ts, post-task-scenario.ts) in Chromium and
// Firefox; WebKit runs the same list through test/engines/webkit-e2e.ts. Each
// scenario asserts with node:assert, which throws on a mismatch.

for (const scenario of [...scenarios, postTaskScenario]) {
  test(scenario.name, async ({ page, server }) => {
    if (scenario.timeoutMs) test.setTimeout(scenario.timeoutMs);
    await scenario.prepare?.();
    await scenario.run(
      {
        goto: async (url) => void (await page.goto(url)),
        evaluate: (expression) => page.evaluate(expression),
        click: (x, y) => page.mouse.click(x, y),
      },
      server.url,
    );
  });
}
