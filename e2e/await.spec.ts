import { buildAwaitApp } from './await/build.js';
import { expect, test } from './fixtures.js';

// await in browsers: the same app built with and without taskcontext/rollup.
// With the plugin every API keeps its value across every kind of await; without
// it, code after a native await runs in the empty frame, never in another task's.

interface AwaitApp {
  runScenarios(): Promise<Record<string, { expected: string; seen: string }>>;
  runConcurrent(): Promise<{ checks: number; mismatches: number; empty: number }>;
  watchLostAwaits(): void;
}
type AppWindow = Window & { awaitApp: AwaitApp; lostAwaits: string[] };

/** What a scenario returns when every API saw `s` (see e2e/await/app.js). */
function expectedShape(name: string, s: string): string {
  if (name === 'async generator') return `${s}|${s}`;
  if (name === 'class method with super, this and arguments') return `derived:1:${s}:${s}`;
  return s;
}

test.beforeAll(async () => {
  await Promise.all([buildAwaitApp(true), buildAwaitApp(false)]);
});

for (const bundle of ['with-plugin', 'without-plugin'] as const) {
  test(`await scenarios ${bundle}`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/await.html?bundle=${bundle}`);
    const results = await page.evaluate(() => (window as unknown as AppWindow).awaitApp.runScenarios());
    expect(Object.keys(results).length).toBe(9);
    for (const [name, { expected, seen }] of Object.entries(results)) {
      const value = bundle === 'with-plugin' ? `${expected}/${expected}/${expected}` : 'empty/empty/empty';
      expect(seen, name).toBe(expectedShape(name, value));
    }
  });

  test(`1,000 concurrent awaiting tasks ${bundle}: never another task's value`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/await.html?bundle=${bundle}`);
    const result = await page.evaluate(() => (window as unknown as AppWindow).awaitApp.runConcurrent());
    expect(result.checks).toBe(3000);
    expect(result.mismatches).toBe(0);
    expect(result.empty).toBe(bundle === 'with-plugin' ? 0 : 3000);
  });

  test(`the lost-await check ${bundle}`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/await.html?bundle=${bundle}`);
    const messages = await page.evaluate(async () => {
      const w = window as unknown as AppWindow;
      w.awaitApp.watchLostAwaits();
      await w.awaitApp.runScenarios();
      return w.lostAwaits;
    });
    // Reported once, with a pointer to the plugin; nothing to report when the plugin lowered every await.
    if (bundle === 'with-plugin') expect(messages).toEqual([]);
    else {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('taskcontext/rollup');
    }
  });
}
