import { deepStrictEqual, notDeepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { buildOtelWeb } from '../examples/otel-web/build.js';
import { buildViteApp } from '../examples/vite-app/build.js';
import { appScenarios } from './apps/scenarios.js';
import { awaitBundleName, buildAwaitApp } from './await/build.js';
import { buildOtelApp, type OtelVariant } from './otel/build.js';
import { OTEL_SETS, type OtelSet } from './otel/sets.js';
import { clickTwiceAndReadTrees, expectedTrees, longTaskProblems, runSession, sessionMessage, sessionProblems, treeLines } from './otel/support.js';

// The e2e scenarios, written once for every driver: Playwright runs them in
// Chromium and Firefox (browser-scenarios.spec.ts), WebDriver in WebKit
// (test/engines/webkit-e2e.ts). The page-side halves are in pages/scenarios.js.

/** What a scenario needs from a driver: open a page, evaluate an expression (a promise is awaited). */
export interface ScenarioPage {
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  /** A real mouse click at viewport coordinates (a trusted event, through the browser's input pipeline). */
  click?(x: number, y: number): Promise<void>;
}

export interface Scenario {
  name: string;
  run(page: ScenarioPage, base: string): Promise<void>;
  /** Runs once before the scenario, in Node (building a bundle). */
  prepare?(): Promise<void>;
  timeoutMs?: number;
}

const KINDS = ['then', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'listener', 'onclick', 'xhr'];
const everywhere = (value: string) => Object.fromEntries(KINDS.map((k) => [k, value]));
const POLICIES = ['registration', 'dispatch'] as const;
const harness = (events?: string) => `/e2e/pages/harness.html${events ? `?events=${events}` : ''}`;

const umd: Scenario[] = [
  {
    name: 'the UMD bundle carries a Variable through every patched API, and uninstall restores the platform',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/umd.html`);
      deepStrictEqual(await page.evaluate('scenarios.rememberPlatform()'), { backend: 'patch', installed: null });
      strictEqual(await page.evaluate('TaskContext.install()'), true);
      // Both runs start in one script, so they overlap (WebDriver runs one command at a time).
      const [a, b] = await page.evaluate<unknown[]>(`Promise.all([scenarios.scheduleEverything('A'), scenarios.scheduleEverything('B')])`);
      deepStrictEqual(a, everywhere('A'));
      deepStrictEqual(b, everywhere('B'));
      strictEqual(await page.evaluate('scenarios.emptyOutside()'), 'empty');
      deepStrictEqual(await page.evaluate('scenarios.uninstallAndCompare()'), [true, true, true]);
      // Uninstalled: scheduling no longer carries the frame.
      deepStrictEqual(await page.evaluate(`scenarios.scheduleEverything('C')`), everywhere('empty'));
    },
  },
  {
    name: 'the core UMD bundle (AsyncContext and the patch layer only) carries a Variable through every patched API',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/core.html`);
      deepStrictEqual(await page.evaluate('[typeof TaskContext.Context, typeof TaskContext.AsyncLocalStorage]'), ['undefined', 'undefined']);
      strictEqual(await page.evaluate('TaskContext.install()'), true);
      const [a, b] = await page.evaluate<unknown[]>(`Promise.all([scenarios.scheduleEverything('A'), scenarios.scheduleEverything('B')])`);
      deepStrictEqual(a, everywhere('A'));
      deepStrictEqual(b, everywhere('B'));
      strictEqual(await page.evaluate('scenarios.emptyOutside()'), 'empty');
    },
  },
  {
    name: 'the auto bundle installs on load',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/auto.html`);
      // installed() describes the installation; its events policy is the one install() chose.
      strictEqual(await page.evaluate('TaskContext.installed()?.events'), 'registration');
      deepStrictEqual(await page.evaluate(`scenarios.scheduleEverything('auto')`), everywhere('auto'));
    },
  },
];

const events: Scenario[] = [
  {
    name: "a synchronous click() runs listeners in the registration frame under 'registration', the dispatcher's under 'dispatch'",
    async run(page, base) {
      for (const policy of POLICIES) {
        await page.goto(`${base}${harness(policy)}`);
        strictEqual(await page.evaluate('scenarios.syncClick()'), policy === 'registration' ? 'at-registration' : 'dispatcher', policy);
      }
    },
  },
];

// The patch layer changes nothing else (issue 12): each engine keeps its own
// behaviour, installed or not, and uninstall is exact however often it runs.
const invisible: Scenario[] = [
  {
    name: 'ten install/uninstall cycles switching policy leave the platform\'s own properties, or the one on* pass-through of the first cycle',
    async run(page, base) {
      await page.goto(`${base}${harness()}`);
      const result = await page.evaluate<{ sinceFirstCycle: string[]; sincePlatform: string[]; sameDepth: boolean; installedAgain: string[]; cycles: number }>(
        'scenarios.installCycles()',
      );
      deepStrictEqual(result.sinceFirstCycle, []);
      // Only the on* properties given a handler while installed keep a layer, and the await hook is gone.
      for (const label of result.sincePlatform) ok(/\.on(click|load)$/.test(label), `${label} differs from the platform's`);
      strictEqual(result.sameDepth, true, 'a handler runs at the same stack depth after the first and the tenth cycle');
      deepStrictEqual(result.installedAgain, ['A']);
      strictEqual(result.cycles, 10);
    },
  },
  {
    name: 'a listener object without a callable handleEvent: the engine\'s own reaction (ignored, or its own TypeError), installed or not',
    async run(page, base) {
      await page.goto(`${base}${harness()}`);
      const platform = await page.evaluate<string[]>('scenarios.listenerObjects()');
      ok(platform.includes('div: handleEvent, this is the object: true') && platform.includes('xhr: function'), platform.join('; '));
      for (const policy of POLICIES) {
        await page.goto(`${base}${harness(policy)}`);
        deepStrictEqual(await page.evaluate('scenarios.listenerObjects()'), platform, policy);
      }
    },
  },
  {
    name: 'a callback with its own call and apply properties is called as itself (.then, listeners, handleEvent, on*, timers, microtasks)',
    async run(page, base) {
      await page.goto(`${base}${harness('registration')}`);
      deepStrictEqual(
        await page.evaluate('scenarios.ownCallProperty()'),
        ['handleEvent true A', 'listener true A', 'microtask A', 'onclick true A', 'then returned 2', 'timeout A'],
      );
    },
  },
  {
    name: 'a listener added with an already aborted signal is not added, installed or not',
    async run(page, base) {
      for (const events of [undefined, ...POLICIES]) {
        await page.goto(`${base}${harness(events)}`);
        deepStrictEqual(await page.evaluate('scenarios.abortedSignal()'), [0, 1], events ?? 'not installed');
      }
    },
  },
  {
    name: 'install() runs no getter of window other than the interfaces\' (a deprecated or side-effecting one)',
    async run(page, base) {
      await page.goto(`${base}${harness()}`);
      deepStrictEqual(await page.evaluate('scenarios.globalGettersAtInstall()'), { deprecatedThing: 0, onsomething: 0 });
    },
  },
  {
    name: 'two copies of the library on a page: either uninstalls, in either order, without breaking the other\'s context across await in built code',
    async run(page, base) {
      await page.goto(`${base}/e2e/pages/two-copies.html`);
      deepStrictEqual(await page.evaluate('scenarios.twoCopies()'), {
        sdkOnly: 'sdk/empty',
        appOver: true,
        appUninstalled: 'sdk/empty',
        sdkUninstalled: 'empty/app',
        noneInstalled: 'empty/empty',
        // The SDK's hook, put back by the app's copy as it found it: off, a pass-through that does nothing.
        hookLeft: true,
      });
    },
  },
];

const network: Scenario[] = [
  {
    name: 'fetch: .then callbacks after a real response run in the frame of the call, for concurrent requests',
    async run(page, base) {
      await page.goto(`${base}${harness('registration')}`);
      deepStrictEqual(await page.evaluate('scenarios.fetchConcurrent()'), [['a', 'a'], ['b', 'b'], ['c', 'c']]);
    },
  },
  ...POLICIES.map<Scenario>((policy) => ({
    name: `XHR events under '${policy}': listeners and on* handlers`,
    async run(page, base) {
      await page.goto(`${base}${harness(policy)}`);
      const expected = policy === 'registration' ? 'at-registration' : 'at-send';
      deepStrictEqual(await page.evaluate('scenarios.xhrFrames()'), [['load', expected], ['onloadend', expected]]);
    },
  })),
];

const scheduling: Scenario[] = [
  {
    name: 'requestAnimationFrame and requestIdleCallback callbacks run in the frame of the call',
    async run(page, base) {
      await page.goto(`${base}${harness('registration')}`);
      const [raf, idle] = await page.evaluate<string[]>('scenarios.animationAndIdle()');
      strictEqual(raf, 'raf');
      // WebKit has no requestIdleCallback: the scenario says so instead of failing.
      ok(idle === 'idle' || idle === 'no requestIdleCallback', String(idle));
    },
  },
  ...POLICIES.flatMap<Scenario>((policy) => {
    const expected = policy === 'registration' ? 'at-registration' : 'empty';
    return [
      {
        name: `observers under '${policy}': the construction frame, or the empty frame`,
        async run(page, base) {
          await page.goto(`${base}${harness(policy)}`);
          const construction = policy === 'registration' ? 'at-construction' : 'empty';
          deepStrictEqual(await page.evaluate('scenarios.observers()'), [construction, construction, construction, construction]);
        },
      },
      {
        name: `observer classes and FinalizationRegistry under '${policy}': the platform's own properties, prototype chain and instances`,
        async run(page, base) {
          await page.goto(`${base}${harness(policy)}`);
          deepStrictEqual(await page.evaluate('scenarios.callbackClasses()'), {
            // Observers run where the platform calls them under 'dispatch': not replaced there.
            replaced:
              policy === 'registration'
                ? ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver', 'FinalizationRegistry']
                : ['FinalizationRegistry'],
            shapes: [],
            prototypeChains: [],
            prototypes: [],
            madeBefore: [true, true],
            madeWhile: [
              [true, true],
              [true, true],
            ],
            afterUninstall: [true, true],
          });
        },
      },
      {
        // Messages come from outside the page's call stack: under 'dispatch', the empty frame.
        name: `MessageChannel and BroadcastChannel under '${policy}'`,
        async run(page, base) {
          await page.goto(`${base}${harness(policy)}`);
          deepStrictEqual(await page.evaluate('scenarios.messaging()'), [expected, expected, expected]);
        },
      },
    ];
  }),
  {
    name: 'an error thrown in a queueMicrotask callback is reported as without the patch, and later microtasks still run',
    async run(page, base) {
      for (const events of [undefined, 'registration']) {
        await page.goto(`${base}${harness(events)}`);
        deepStrictEqual(
          await page.evaluate('scenarios.microtaskError()'),
          { reported: [{ sameError: true, message: true }], after: [events ? 'A' : 'empty'], outside: 'empty' },
          events ?? 'not installed',
        );
      }
    },
  },
  {
    name: 'a dedicated Worker loads the UMD bundle and carries context inside the worker',
    async run(page, base) {
      await page.goto(`${base}${harness()}`);
      deepStrictEqual(await page.evaluate('scenarios.worker()'), {
        backend: 'patch',
        hasWindow: false,
        seen: { then: 'A', timeout: 'A', microtask: 'A', message: 'A', thenB: 'B' },
        outside: 'empty',
      });
    },
  },
];

const stress: Scenario[] = [
  {
    name: '1,000 concurrent tasks hopping through timers, promises, microtasks, events and XHR never see another task',
    timeoutMs: 120_000,
    async run(page, base) {
      await page.goto(`${base}${harness('registration')}`);
      const result = await page.evaluate<{ checks: number; mismatches: string[]; mismatchCount: number; counts: Record<string, number> }>(
        'scenarios.stress()',
      );
      deepStrictEqual(result.mismatches, []);
      strictEqual(result.mismatchCount, 0);
      strictEqual(result.checks, 9000);
      // Every kind of hop was exercised, many times.
      for (const kind of ['timeout', 'then', 'microtask', 'event', 'xhr']) ok((result.counts[kind] ?? 0) > 500, `${kind}: ${result.counts[kind]}`);
    },
  },
];

/** What an await scenario returns when every API saw `s` (see e2e/await/app.js). */
function awaitShape(name: string, s: string): string {
  if (name === 'async generator') return `${s}|${s}`;
  if (name === 'class method with super, this and arguments') return `derived:1:${s}:${s}`;
  return s;
}

const awaitScenarios: Scenario[] = (['with-plugin', 'without-plugin'] as const).flatMap<Scenario>((bundle) => {
  const withPlugin = bundle === 'with-plugin';
  const page = (base: string) => `${base}/e2e/pages/await.html?bundle=${awaitBundleName(withPlugin)}`;
  const prepare = async () => void (await buildAwaitApp(withPlugin));
  return [
    {
      name: `await scenarios ${bundle}: ${withPlugin ? 'every API keeps its value' : 'the empty frame after a native await'}`,
      prepare,
      async run(driver, base) {
        await driver.goto(page(base));
        const results = await driver.evaluate<Record<string, { expected: string; seen: string }>>('awaitApp.runScenarios()');
        strictEqual(Object.keys(results).length, 9);
        for (const [name, { expected, seen }] of Object.entries(results)) {
          strictEqual(seen, awaitShape(name, withPlugin ? `${expected}/${expected}/${expected}` : 'empty/empty/empty'), name);
        }
      },
    },
    {
      name: `1,000 concurrent awaiting tasks ${bundle}: never another task's value`,
      prepare,
      async run(driver, base) {
        await driver.goto(page(base));
        const result = await driver.evaluate<{ checks: number; mismatches: number; empty: number }>('awaitApp.runConcurrent()');
        deepStrictEqual(result, { checks: 3000, mismatches: 0, empty: withPlugin ? 0 : 3000 });
      },
    },
    {
      // KNOWN FALSE POSITIVE with the plugin: a native `for await` loop's own await of each
      // next() result is not marked by the transform, so the check reports it once although
      // the loop body keeps its frame (scope.r() at its start). Pinned here, exactly; the
      // day the transform marks it, this fails and should say 'silent' again.
      name: `the lost-await check ${bundle}: ${withPlugin ? 'one known false positive (for await)' : 'reported once, pointing to the plugin'}`,
      prepare,
      async run(driver, base) {
        await driver.goto(page(base));
        const messages = await driver.evaluate<string[]>('(async () => { awaitApp.watchLostAwaits(); await awaitApp.runScenarios(); return window.lostAwaits; })()');
        if (withPlugin) {
          strictEqual(messages.length, 1);
          ok(messages[0]!.startsWith('taskcontext: context was lost across a native `await`'));
          // The loop itself kept its frame: the await scenarios check every value.
        } else {
          strictEqual(messages.length, 1);
          // The message names the plugins as 'taskcontext/vite, /rollup, …' (since a9b1fea).
          ok(messages[0]!.includes('Build the app with a taskcontext bundler plugin') && messages[0]!.includes('/rollup'), messages[0]);
        }
      },
    },
  ];
});

/** The Vite sample app at `url`: three clicks, each keeps its request id across `await fetch()` (also e2e/negatives.ts). */
export async function checkViteApp(page: ScenarioPage, url: string): Promise<void> {
  await page.goto(url);
  const lines = await page.evaluate<string[]>(`(async () => {
    const button = document.getElementById('load');
    for (let i = 0; i < 3; i++) button.click();
    const log = document.getElementById('log');
    const started = Date.now();
    while (log.children.length < 3 && Date.now() - started < 10000) await new Promise((r) => setTimeout(r, 10));
    return [...log.children].map((li) => li.textContent).sort();
  })()`);
  deepStrictEqual(
    lines,
    [1, 2, 3].map((n) => `request click-${n}: server echoed click-${n}, context after await says click-${n}`),
  );
}

let viteAppPath = '';
const viteApp: Scenario[] = [
  {
    name: 'the Vite sample app (examples/vite-app) keeps each click\'s request id across await fetch()',
    async prepare() {
      viteAppPath = await buildViteApp();
    },
    run: (page, base) => checkViteApp(page, `${base}/${viteAppPath}/index.html`),
  },
];

// OpenTelemetry in the browser (e2e/otel/): one scripted session (the page
// loads; two interleaved clicks, each fetch → timer → XHR → fetch) traced by
// document-load, user-interaction, fetch, XMLHttpRequest and long-task, on
// each OpenTelemetry set (e2e/otel/sets.ts), with TaskContextManager and with
// ZoneContextManager. The trees are compared line for line with the ones a
// correct manager gives (expectedTrees): TaskContextManager's and zone.js's
// with async lowered to ES2015 are those same trees; zone.js with native
// await loses the click after the first `await fetch()`.
//
// Negatives: TaskContextManager without the plugin gives zone.js's native-await
// trees, not the expected ones (kept here, 3.x set). Without the manager (the
// SDK's default) and without the plugin on the 2.x set, the checks fail too:
// e2e/negatives.ts runs those builds and shows each failing (`npx tsx
// e2e/negatives.ts`, not part of npm test; 11 of 11 negatives fail as they
// should in Chromium, the examples' and the cookbook recipes' included).
function otelScenario(set: OtelSet, variant: OtelVariant, name: string, lostAfterFirstAwait: boolean): Scenario {
  return {
    name: `OpenTelemetry ${set}, ${name}`,
    prepare: async () => void (await buildOtelApp(set, variant)),
    timeoutMs: 60_000,
    async run(page, base) {
      const session = await runSession(page, base, set, variant);
      deepStrictEqual(treeLines(session.spans), expectedTrees(lostAfterFirstAwait), sessionMessage(session));
      deepStrictEqual([...sessionProblems(session), ...longTaskProblems(session)], [], sessionMessage(session));
    },
  };
}

/** The OpenTelemetry sample page at `url`: two clicks, each click's fetch, after-await and timer spans under it (also e2e/negatives.ts). */
export async function checkOtelWeb(page: ScenarioPage, url: string): Promise<void> {
  await page.goto(url);
  deepStrictEqual(
    await clickTwiceAndReadTrees(page),
    [1, 2].map((n) => [`click #${n}`, '  GET /api/echo', `  after await #${n}: server echoed ${n}`, `  timer #${n}`]),
  );
}

let otelWebPath = '';
const otel: Scenario[] = [
  ...OTEL_SETS.flatMap((set) => [
    otelScenario(
      set,
      'taskcontext',
      'TaskContextManager + taskcontext/esbuild (native await): every span of a click under its click span, each click its own trace, no span twice, each listener registered once',
      false,
    ),
    otelScenario(set, 'zone-es2015', 'ZoneContextManager + zone.js, async lowered to ES2015: the same trace trees as TaskContextManager', false),
    otelScenario(
      set,
      'zone',
      'ZoneContextManager + zone.js, native await: every span after the first `await fetch()` is a root of its own trace (zone.js never sees a native await resume)',
      true,
    ),
  ]),
  {
    name: 'OpenTelemetry 3.x, TaskContextManager without the plugin (a negative): the trees lose the click after the first native await, as zone.js does',
    prepare: async () => void (await buildOtelApp('3.x', 'taskcontext-without-plugin')),
    timeoutMs: 60_000,
    async run(page, base) {
      const session = await runSession(page, base, '3.x', 'taskcontext-without-plugin');
      const lines = treeLines(session.spans);
      notDeepStrictEqual(lines, expectedTrees(false), 'the checks of the taskcontext scenario must fail without the plugin');
      deepStrictEqual(lines, expectedTrees(true), sessionMessage(session));
    },
  },
  {
    name: "the OpenTelemetry sample page (examples/otel-web) draws each click's span tree: fetch, after-await and timer spans under their click",
    async prepare() {
      otelWebPath = await buildOtelWeb();
    },
    run: (page, base) => checkOtelWeb(page, `${base}/${otelWebPath}/index.html`),
  },
];

export const scenarios: Scenario[] = [...umd, ...events, ...invisible, ...network, ...scheduling, ...stress, ...awaitScenarios, ...appScenarios, ...viteApp, ...otel];
