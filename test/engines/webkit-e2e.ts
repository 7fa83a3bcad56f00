// npx tsx test/engines/webkit-e2e.ts — the shared e2e scenarios (e2e/scenarios.ts
// and e2e/post-task-scenario.ts, which Playwright runs in Chromium and Firefox)
// in WebKit (WebKitGTK through WebDriver: webkit.ts), where Playwright cannot
// go. Needs the built bundles: npm run build. The expected count is the list
// of scenarios; a scenario without an outcome fails. Prints
// `e2e/webkit: N expected, N passed, N failed` and, last, `N passed, N failed`.
// npx tsx test/engines/webkit-e2e.ts --grep=OpenTelemetry runs the matching ones.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../e2e/server.js';
import { postTaskScenario } from '../../e2e/post-task-scenario.js';
import { scenarios as shared } from '../../e2e/scenarios.js';
import { withWebKitPage } from './webkit.js';

const root = join(import.meta.dirname, '..', '..');
for (const bundle of ['taskcontext.umd.min.js', 'taskcontext.auto.umd.min.js']) {
  if (!existsSync(join(root, 'dist', bundle))) {
    console.error(`dist/${bundle} is missing: run npx rollup -c first`);
    process.exit(1);
  }
}

const defaultTimeoutMs = 30_000;
// --grep=<regexp>: only the scenarios whose names match (a targeted run, as
// Playwright's --grep; npm test runs them all). A filter that matches nothing fails.
const grep = process.argv.find((arg) => arg.startsWith('--grep='))?.slice('--grep='.length);
const scenarios = [...shared, postTaskScenario].filter((scenario) => grep === undefined || new RegExp(grep).test(scenario.name));
const expected = scenarios.length;

const started = Date.now();
const server = await startServer();
let passed = 0;
let failed = 0;
let driving: unknown;
try {
  await withWebKitPage(async (page) => {
    console.log(`webkit: ${await page.evaluate<string>('navigator.userAgent', defaultTimeoutMs)}`);
    for (const scenario of scenarios) {
      const t0 = Date.now();
      try {
        await scenario.prepare?.();
        const timeoutMs = scenario.timeoutMs ?? defaultTimeoutMs;
        await scenario.run(
          { goto: (url) => page.goto(url), evaluate: (expression) => page.evaluate(expression, timeoutMs), click: (x, y) => page.click(x, y) },
          server.url,
        );
        passed++;
        console.log(`  ok   ${scenario.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failed++;
        console.log(`  FAIL ${scenario.name}\n       ${String(error).replace(/\n/g, '\n       ')}`);
      }
    }
  });
} catch (error) {
  driving = error;
  console.log(`  FAIL driving WebKit\n       ${String(error)}`);
} finally {
  await server.close();
}
// Every scenario not run (the browser could not be driven, or the run stopped) fails.
const missing = expected - passed - failed;
if (missing > 0) console.log(`  FAIL ${missing} scenario(s) got no outcome`);
failed += missing + (driving === undefined ? 0 : 1);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`e2e/webkit: ${expected} expected, ${passed} passed, ${failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || expected === 0 || passed !== expected ? 1 : 0;
