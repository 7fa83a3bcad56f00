import { deepStrictEqual } from 'node:assert/strict';
import type { Scenario } from '../scenarios.js';
import { BUNDLES, FRAMEWORKS, buildApps, type Bundle, type Framework } from './build.js';

// The clicks app (e2e/apps/clicks) as each bundler built it: two overlapping
// clicks, each keeping its own value through fetch, a timer, an async
// generator and a child span; built without the plugin, the empty frame
// after the first await, never the other click's value.

/** What a click records when every value was kept (`kept`), or lost to the empty frame. */
function expected(value: string, kept: boolean) {
  const seen = kept ? value : 'empty';
  return {
    afterFetch: seen,
    afterTimer: seen,
    inLoop: [seen, seen, seen, seen],
    final: seen,
    child: { name: `load-${value}`, parent: kept ? `click-${value}` : null },
  };
}

// A React root renders after the page's load event (createRoot schedules it): the buttons are
// waited for before the clicks, or a slow render would leave nothing to click.
const CLICK_BOTH = `(async () => {
  const until = async (done) => {
    const started = Date.now();
    while (!done() && Date.now() - started < 10000) await new Promise((r) => setTimeout(r, 10));
  };
  await until(() => document.querySelectorAll('button[data-value]').length >= 2);
  for (const button of document.querySelectorAll('button[data-value]')) button.click();
  await until(() => Object.keys(window.results).length >= 2);
  return window.results;
})()`;

let key = '';

function appScenario(bundle: Bundle): Scenario {
  const withPlugin = !bundle.endsWith('-without-plugin');
  return {
    name: `the clicks app built by ${bundle.replace(/-without-plugin$/, '')} ${withPlugin ? 'with the plugin: each click keeps its value through fetch, timer, async generator and child span' : 'without the plugin: the empty frame after await, never the other click'}`,
    async prepare() {
      key = await buildApps();
    },
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/app.html?bundle=${key}/${bundle}`);
      const results = await page.evaluate<Record<string, unknown>>(CLICK_BOTH);
      deepStrictEqual(results, { a: expected('a', withPlugin), b: expected('b', withPlugin) });
    },
    timeoutMs: 120_000,
  };
}

function frameworkScenario(framework: Framework): Scenario {
  const what = { react: 'a React app (.tsx, automatic JSX runtime)', vue: 'a Vue single-file component app', svelte: 'a Svelte app (component and .svelte.ts module)' }[framework];
  return {
    name: `${what} built by Vite with the plugin: each click keeps its value through fetch, timer, async generator and child span`,
    async prepare() {
      key = await buildApps();
    },
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/framework.html?bundle=${key}/${framework}`);
      const results = await page.evaluate<Record<string, unknown>>(CLICK_BOTH);
      deepStrictEqual(results, { a: expected('a', true), b: expected('b', true) });
    },
    timeoutMs: 120_000,
  };
}

export const appScenarios: Scenario[] = [...BUNDLES.map(appScenario), ...FRAMEWORKS.map(frameworkScenario)];
