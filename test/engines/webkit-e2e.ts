// npx tsx test/engines/webkit-e2e.ts — the shared e2e scenarios (e2e/scenarios.ts,
// which Playwright runs in Chromium and Firefox) in WebKit (WebKitGTK through
// WebDriver: webkit.ts), where Playwright cannot go. Needs the built bundles:
// npm run build. Prints `webkit-e2e: N passed, N failed`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../e2e/server.js';
import { scenarios } from '../../e2e/scenarios.js';
import { withWebKitPage } from './webkit.js';

const root = join(import.meta.dirname, '..', '..');
for (const bundle of ['taskcontext.umd.min.js', 'taskcontext.auto.umd.min.js']) {
  if (!existsSync(join(root, 'dist', bundle))) {
    console.error(`dist/${bundle} is missing: run npx rollup -c first`);
    process.exit(1);
  }
}

const defaultTimeoutMs = 30_000;

const started = Date.now();
const server = await startServer();
let passed = 0;
let failed = 0;
try {
  await withWebKitPage(async (page) => {
    console.log(`webkit: ${await page.evaluate<string>('navigator.userAgent', defaultTimeoutMs)}`);
    for (const scenario of scenarios) {
      const t0 = Date.now();
      try {
        await scenario.prepare?.();
        const timeoutMs = scenario.timeoutMs ?? defaultTimeoutMs;
        await scenario.run({ goto: (url) => page.goto(url), evaluate: (expression) => page.evaluate(expression, timeoutMs) }, server.url);
        passed++;
        console.log(`  ok   ${scenario.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failed++;
        console.log(`  FAIL ${scenario.name}\n       ${String(error).replace(/\n/g, '\n       ')}`);
      }
    }
  });
} catch (error) {
  // The browser itself could not be driven: every scenario not yet run fails.
  const missing = scenarios.length - passed - failed;
  failed += missing;
  console.log(`  FAIL driving WebKit (${missing} scenario(s) not run)\n       ${String(error)}`);
} finally {
  await server.close();
}
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`webkit-e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
