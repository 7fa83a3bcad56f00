// npx tsx e2e/negatives.ts [chromium|firefox] — the negative proof of the
// OpenTelemetry scenarios and the example apps (not part of npm test, which
// keeps one negative: e2e/scenarios.ts, TaskContextManager without the plugin
// on the 3.x set). Each build below has the plugin or the context manager
// taken out, and the same checks as the passing scenario must FAIL on it:
//
//   e2e/otel app, both sets   without the plugin; without the manager (the 2.x
//                             SDK's default StackContextManager; the 3.x API's no-op)
//   examples/otel-web         without taskcontext/vite; without the
//                             setGlobalContextManager line of main.ts
//   examples/vite-app         without taskcontext/vite
//   the cookbook's recipes    React, Vue and Svelte BuyButton, and the web
//                             worker, built without the plugin (e2e/apps)
//
// Prints one line per negative (`fails as it should: <first problem>`,
// `PASSED: the checks do not notice`, or `BROKEN: <error>`) and `N passed,
// N failed`, a negative counting as passed only when a check's assertion
// fails: a build or page error proves nothing. Needs `npm run build`.
import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { join } from 'node:path';
import { chromium, firefox, type Page } from '@playwright/test';
import taskcontext from 'taskcontext/vite';
import { build, type Plugin } from 'vite';
import { chromiumArgs, chromiumPath, firefoxPath } from '../test/engines/debian-browsers.js';
import { buildFramework, buildWorker, FRAMEWORKS } from './apps/build.js';
import { checkBuyRecipe, checkWorkerRecipe } from './apps/scenarios.js';
import { buildOtelApp } from './otel/build.js';
import { OTEL_SETS } from './otel/sets.js';
import { expectedTrees, longTaskProblems, runSession, sessionProblems, treeLines } from './otel/support.js';
import { checkOtelWeb, checkViteApp, type ScenarioPage } from './scenarios.js';
import { startServer } from './server.js';

const root = join(import.meta.dirname, '..');
const browserName = process.argv[2] ?? 'chromium';

/** Builds the example `name` as its vite.config.ts does, with the plugin or not, and `takeOut` lines removed from its main.ts. */
async function buildExample(name: 'otel-web' | 'vite-app', variant: string, withPlugin: boolean, takeOut?: string): Promise<string> {
  const path = `.cache/negatives/${process.pid}/${name}-${variant}`;
  const remove: Plugin = {
    name: 'take-out',
    transform(code, id) {
      if (!takeOut || !id.endsWith('/main.ts')) return null;
      if (!code.includes(takeOut)) throw new Error(`${name}/main.ts has no ${takeOut}`);
      return code.replace(takeOut, '');
    },
  };
  await build({
    configFile: false,
    logLevel: 'silent',
    root: join(root, 'examples', name),
    base: './',
    plugins: [remove, ...(withPlugin ? [taskcontext()] : [])],
    build: { outDir: join(root, path), emptyOutDir: true },
  });
  return path;
}

interface Negative {
  name: string;
  /** Runs the passing scenario's checks; must throw. */
  check(page: ScenarioPage, base: string): Promise<void>;
}

const negatives: Negative[] = [
  ...OTEL_SETS.flatMap((set) =>
    (['taskcontext-without-plugin', 'no-manager'] as const).map<Negative>((variant) => ({
      name: `OpenTelemetry ${set} app, ${variant === 'no-manager' ? 'without TaskContextManager (the SDK default)' : 'TaskContextManager without the plugin'}`,
      async check(page, base) {
        await buildOtelApp(set, variant);
        const session = await runSession(page, base, set, variant);
        deepStrictEqual(treeLines(session.spans), expectedTrees(false));
        deepStrictEqual([...sessionProblems(session), ...longTaskProblems(session)], []);
      },
    })),
  ),
  {
    name: 'examples/otel-web without the taskcontext/vite plugin',
    check: async (page, base) => checkOtelWeb(page, `${base}/${await buildExample('otel-web', 'without-plugin', false)}/index.html`),
  },
  {
    name: 'examples/otel-web without TaskContextManager (its setGlobalContextManager line taken out)',
    check: async (page, base) =>
      checkOtelWeb(page, `${base}/${await buildExample('otel-web', 'without-manager', true, 'context.setGlobalContextManager(new TaskContextManager().enable());')}/index.html`),
  },
  ...FRAMEWORKS.map<Negative>((framework) => ({
    name: `the cookbook's ${framework} recipe (BuyButton) built without the plugin`,
    async check(page, base) {
      await buildFramework(join(root, '.cache', 'negatives', String(process.pid)), framework, false);
      await checkBuyRecipe(page, `${base}/e2e/pages/framework.html?bundle=../negatives/${process.pid}/${framework}`);
    },
  })),
  {
    name: "the cookbook's web worker built without the plugin",
    async check(page, base) {
      await buildWorker(join(root, '.cache', 'negatives', String(process.pid)), false);
      await checkWorkerRecipe(page, base, `/.cache/negatives/${process.pid}/worker.js`);
    },
  },
  {
    name: 'examples/vite-app without the taskcontext/vite plugin',
    check: async (page, base) => checkViteApp(page, `${base}/${await buildExample('vite-app', 'without-plugin', false)}/index.html`),
  },
];

const server = await startServer();
const browser =
  browserName === 'firefox'
    ? await firefox.launch({ executablePath: firefoxPath, ...({ channel: 'moz-firefox' } as object) })
    : await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
let passed = 0;
let failed = 0;
try {
  for (const negative of negatives) {
    const page: Page = await browser.newPage();
    try {
      await negative.check(
        { goto: async (url) => void (await page.goto(url)), evaluate: (expression) => page.evaluate(expression), click: (x, y) => page.mouse.click(x, y) },
        server.url,
      );
      failed++;
      console.log(`  PASSED: the checks do not notice: ${negative.name}`);
    } catch (error) {
      const first = String(error).split('\n').slice(0, 12).join('\n      ');
      if (error instanceof AssertionError) {
        passed++;
        console.log(`  fails as it should: ${negative.name}\n      ${first}`);
      } else {
        failed++;
        console.log(`  BROKEN (not the checks failing): ${negative.name}\n      ${first}`);
      }
    } finally {
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`negatives (${browserName}): ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
