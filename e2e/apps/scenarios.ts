import { deepStrictEqual } from 'node:assert/strict';
import type { Scenario, ScenarioPage } from '../scenarios.js';
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

/** The Buy recipe of the framework page at `url` (also e2e/negatives.ts). */
export async function checkBuyRecipe(page: ScenarioPage, url: string): Promise<void> {
  await page.goto(url);
  const spans = await page.evaluate<Array<{ name: string; parent: number | null }>>(`(async () => {
    const until = async (done) => {
      const started = Date.now();
      while (!done() && Date.now() - started < 10000) await new Promise((r) => setTimeout(r, 10));
    };
    await until(() => document.querySelector('button.buy'));
    const buy = document.querySelector('button.buy');
    buy.click();
    buy.click();
    await until(() => window.recipeSpans.filter((span) => span.name.startsWith('bought')).length >= 2);
    const clicks = [];
    return window.recipeSpans.map((span) => ({ name: span.name.replace(/\\d+/, 'N'), parent: span.parent ? (clicks.includes(span.parent) ? clicks.indexOf(span.parent) : clicks.push(span.parent) - 1) : null }))
      .concat(clicks.map((click) => ({ name: click.name + (click.parent ? ' (with a parent)' : ''), parent: null })));
  })()`);
  // Two bought spans with two different click parents (indexes 0 and 1), then the two clicks themselves.
  deepStrictEqual(spans, [
    { name: 'bought N', parent: 0 },
    { name: 'bought N', parent: 1 },
    { name: 'click buy', parent: null },
    { name: 'click buy', parent: null },
  ]);
}

/**
 * The cookbook's React, Vue and Svelte recipes (each app's BuyButton, which
 * docs/cookbook.md quotes): Buy clicked twice at once; the server answers the
 * first late and the second early. Each 'bought' span must be the child of a
 * 'click buy' span, the two of different clicks (not lost after the await,
 * never the other click's). Built without the plugin, all four recipe checks
 * fail (each 'bought' span without a parent; the worker's steps and replies
 * with the trace id undefined): e2e/negatives.ts.
 */
function recipeScenario(framework: Framework): Scenario {
  return {
    name: `the cookbook's ${framework} recipe (BuyButton, traced()): two overlapping clicks, each 'bought' span under its own 'click buy' span`,
    async prepare() {
      key = await buildApps();
    },
    run: (page, base) => checkBuyRecipe(page, `${base}/e2e/pages/framework.html?bundle=${key}/${framework}`),
    timeoutMs: 120_000,
  };
}

/** The cookbook's worker at `workerUrl` (also e2e/negatives.ts). */
export async function checkWorkerRecipe(page: ScenarioPage, base: string, workerUrl: string): Promise<void> {
  await page.goto(`${base}/e2e/pages/harness.html`);
  const replies = await page.evaluate<unknown[]>(`new Promise((resolve, reject) => {
    const worker = new Worker('${workerUrl}');
    const replies = [];
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = (event) => {
      replies.push(event.data);
      if (replies.length === 2) {
        worker.terminate();
        resolve(replies);
      }
    };
    worker.postMessage({ traceId: 'trace-slow', job: { steps: 3, ms: 30 } });
    worker.postMessage({ traceId: 'trace-fast', job: { steps: 3, ms: 5 } });
  })`);
  deepStrictEqual(replies, [
    { traceId: 'trace-fast', result: ['trace-fast', 'trace-fast', 'trace-fast'] },
    { traceId: 'trace-slow', result: ['trace-slow', 'trace-slow', 'trace-slow'] },
  ]);
}

/** The cookbook's web worker (worker/worker.ts): two overlapping jobs, each step and the reply with the job's own trace id. */
const workerRecipe: Scenario = {
  name: "the cookbook's web worker recipe: two overlapping jobs in one worker, every step and each reply with its own trace id",
  async prepare() {
    key = await buildApps();
  },
  run: (page, base) => checkWorkerRecipe(page, base, `/.cache/apps/${key}/worker.js`),
  timeoutMs: 120_000,
};

export const appScenarios: Scenario[] = [...BUNDLES.map(appScenario), ...FRAMEWORKS.map(frameworkScenario), ...FRAMEWORKS.map(recipeScenario), workerRecipe];
