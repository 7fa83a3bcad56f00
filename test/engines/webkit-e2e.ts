// npx tsx test/engines/webkit-e2e.ts — the scenarios of e2e/umd-patch-layer.spec.ts
// in WebKit (WebKitGTK through WebDriver: webkit.ts), where Playwright cannot go.
// Needs the UMD bundles: npx rollup -c. Prints `webkit e2e: N passed, N failed`.
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../e2e/server.js';
import { withWebKitPage, type WebKitPage } from './webkit.js';

const root = join(import.meta.dirname, '..', '..');
for (const bundle of ['taskcontext.umd.min.js', 'taskcontext.auto.umd.min.js']) {
  if (!existsSync(join(root, 'dist', bundle))) {
    console.error(`dist/${bundle} is missing: run npx rollup -c first`);
    process.exit(1);
  }
}

const kinds = ['then', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'listener', 'onclick', 'xhr'];
const everywhere = (value: string) => Object.fromEntries(kinds.map((k) => [k, value]));

/**
 * Page-side (plain JavaScript, sent as source): schedules one callback of each
 * kind inside `v.run(value)`; resolves with what each saw.
 */
const scheduleEverything = `function scheduleEverything(value) {
  const { Variable } = window.TaskContext;
  const v = (window.v ??= new Variable({ defaultValue: 'empty' }));
  const seen = {};
  const kinds = ${JSON.stringify(kinds)};
  return new Promise((resolve) => {
    const record = (kind) => {
      if (kind in seen) return;
      seen[kind] = v.get();
      if (kinds.every((k) => k in seen)) resolve(seen);
    };
    v.run(value, () => {
      Promise.resolve().then(() => record('then'));
      setTimeout(() => record('setTimeout'), 5);
      let ticks = 0;
      const interval = setInterval(() => {
        if (++ticks === 3) {
          clearInterval(interval);
          record('setInterval');
        }
      }, 1);
      queueMicrotask(() => record('queueMicrotask'));
      requestAnimationFrame(() => record('requestAnimationFrame'));
      const target = document.createElement('div');
      target.addEventListener('ping', () => record('listener'));
      target.onclick = () => record('onclick');
      setTimeout(() => {
        target.dispatchEvent(new Event('ping'));
        target.click();
      }, 2);
      const xhr = new XMLHttpRequest();
      xhr.addEventListener('load', () => record('xhr'));
      xhr.open('GET', '/api/echo?delay=10&value=' + value);
      xhr.send();
    });
  });
}`;

/** `scheduleEverything(value)` as an expression for page.evaluate. */
const schedule = (value: string) => `(${scheduleEverything})(${JSON.stringify(value)})`;
const timeoutMs = 15_000;

type Scenario = { name: string; run(page: WebKitPage, base: string): Promise<void> };

const scenarios: Scenario[] = [
  {
    name: 'the UMD bundle carries a Variable through every patched API, and uninstall restores the platform',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/umd.html`);
      const before = await page.evaluate(
        `(() => {
          window.originals = [Promise.prototype.then, setTimeout, EventTarget.prototype.addEventListener];
          return { backend: TaskContext.backend(), installed: TaskContext.installed() ?? null };
        })()`,
        timeoutMs,
      );
      deepStrictEqual(before, { backend: 'patch', installed: null });

      strictEqual(await page.evaluate('TaskContext.install()', timeoutMs), true);
      // WebDriver runs one command at a time: both runs start in the same script, so they overlap.
      const [a, b] = await page.evaluate<[unknown, unknown]>(`Promise.all([${schedule('A')}, ${schedule('B')}])`, timeoutMs);
      deepStrictEqual(a, everywhere('A'));
      deepStrictEqual(b, everywhere('B'));
      // Outside any run: the empty frame.
      strictEqual(await page.evaluate('new Promise((r) => setTimeout(() => r(window.v.get()), 1))', timeoutMs), 'empty');

      const restored = await page.evaluate(
        `(() => {
          TaskContext.uninstall();
          const now = [Promise.prototype.then, setTimeout, EventTarget.prototype.addEventListener];
          return now.map((fn, i) => fn === window.originals[i]);
        })()`,
        timeoutMs,
      );
      deepStrictEqual(restored, [true, true, true]);
      // Uninstalled: scheduling no longer carries the frame.
      const after = await page.evaluate<Record<string, unknown>>(schedule('C'), timeoutMs);
      deepStrictEqual(new Set(Object.values(after)), new Set(['empty']));
    },
  },
  {
    name: 'the auto bundle installs on load',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/auto.html`);
      strictEqual(await page.evaluate('TaskContext.installed()', timeoutMs), 'registration');
      const seen = await page.evaluate<Record<string, unknown>>(schedule('auto'), timeoutMs);
      deepStrictEqual(seen, everywhere('auto'));
    },
  },
];

const started = Date.now();
const server = await startServer();
let passed = 0;
let failed = 0;
try {
  await withWebKitPage(async (page) => {
    console.log(`webkit: ${await page.evaluate<string>('navigator.userAgent', timeoutMs)}`);
    for (const scenario of scenarios) {
      const t0 = Date.now();
      try {
        await scenario.run(page, server.url);
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
console.log(`webkit e2e: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
