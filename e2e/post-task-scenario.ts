import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { Scenario } from './scenarios.js';

// scheduler.postTask in the browsers that ship it (Chromium, Firefox ESR), on
// the page of the UMD bundle: each callback runs in the frame of its call, and
// what the platform does with priority, signal and delay, and the promise it
// returns, are the same installed as not. WebKit ships no scheduler: there the
// scenario checks what WebKit does have (no scheduler, no Scheduler, no
// TaskController), that install() creates none of them while the rest of the
// patch layer works (a timer carries the frame), and that uninstall() leaves
// it so; once WebKit ships postTask, the full checks run there too.

/** The page side: the same posts uninstalled and installed, each result the platform's or the frame's. */
const probe = `(async () => {
  const ua = navigator.userAgent;
  const engine = /Firefox\\//.test(ua) ? 'firefox' : /Chrome\\//.test(ua) ? 'chromium' : 'webkit';
  const T = window.TaskContext;
  const v = new T.Variable({ name: 'postTask', defaultValue: 'empty' });
  if (typeof scheduler === 'undefined' || typeof scheduler.postTask !== 'function') {
    const globals = () => ({
      scheduler: typeof globalThis.scheduler,
      inWindow: 'scheduler' in window,
      Scheduler: typeof globalThis.Scheduler,
      TaskController: typeof globalThis.TaskController,
      TaskSignal: typeof globalThis.TaskSignal,
    });
    const timer = () => v.run('timer', () => new Promise((resolve) => setTimeout(() => resolve(v.get()), 0)));
    const before = globals();
    let installed;
    try {
      installed = { returned: T.install(), policy: T.installed()?.events, globals: globals(), timer: await timer() };
    } finally {
      T.uninstall();
    }
    return { engine, shipped: false, absent: { before, installed, uninstalled: { policy: T.installed()?.events ?? 'none', globals: globals(), timer: await timer() } } };
  }
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  async function posts() {
    const order = [];
    const post = (label, options, task = () => (order.push(label), v.get())) => v.run(label, () => scheduler.postTask(task, options));
    // Posted lowest priority first: the platform runs them by priority. The
    // delayed one, posted before all, runs 40 ms later (after the user-visible one).
    const started = performance.now();
    const delayed = post('delay 40', { delay: 40 }, () => ({ afterVisible: order.includes('user-visible'), waited: performance.now() - started >= 35, seen: v.get() }));
    const background = post('background', { priority: 'background' });
    const visible = post('user-visible', { priority: 'user-visible' });
    const blocking = post('user-blocking', { priority: 'user-blocking' });
    const controller = new TaskController({ priority: 'user-blocking' });
    const bySignal = post('signal user-blocking', { signal: controller.signal });
    const aborted = new AbortController();
    const abortedTask = post('aborted', { signal: aborted.signal });
    aborted.abort(new Error('stop'));
    const results = await Promise.all([blocking, bySignal, visible, background]);
    const abortedWith = await abortedTask.then(() => 'resolved', (error) => String(error && error.message));
    const delayedRun = await delayed;
    const native = Object.getPrototypeOf(blocking) === Promise.prototype && blocking instanceof Promise && blocking.constructor === Promise;
    await sleep(10);
    return { order, results, abortedWith, delayed: delayedRun, native };
  }
  const platform = await posts();
  T.install();
  try {
    return { engine, shipped: true, platform, installed: await posts() };
  } finally {
    T.uninstall();
  }
})()`;

interface Probe {
  engine: 'chromium' | 'firefox' | 'webkit';
  shipped: boolean;
  platform?: Posts;
  installed?: Posts;
  /** Where the platform has no scheduler.postTask. */
  absent?: { before: Globals; installed: Installed; uninstalled: Installed };
}
/** `typeof` each global of prioritized task scheduling, and whether `scheduler` is a property of window. */
interface Globals {
  scheduler: string;
  inWindow: boolean;
  Scheduler: string;
  TaskController: string;
  TaskSignal: string;
}
interface Installed {
  returned?: boolean;
  policy: string;
  globals: Globals;
  /** What a setTimeout callback scheduled in a run saw. */
  timer: string;
}
interface Posts {
  order: string[];
  results: string[];
  abortedWith: string;
  delayed: { afterVisible: boolean; waited: boolean; seen: string };
  native: boolean;
}

export const postTaskScenario: Scenario = {
  name: 'scheduler.postTask: each callback runs in the frame of its call; priority, signal, delay and the native promise as the platform has them',
  async run(page, base) {
    await page.goto(`${base}/e2e/pages/umd.html`);
    const seen = await page.evaluate<Probe>(probe);
    if (!seen.shipped) {
      // Chromium and Firefox ship it: missing there is a failure. WebKit does not (yet).
      strictEqual(seen.engine, 'webkit', `scheduler.postTask is missing in ${seen.engine}`);
      const none: Globals = { scheduler: 'undefined', inWindow: false, Scheduler: 'undefined', TaskController: 'undefined', TaskSignal: 'undefined' };
      // The patch layer invents nothing for it, and the rest of it works: installed, a timer carries the frame; uninstalled, not.
      deepStrictEqual(seen.absent, {
        before: none,
        installed: { returned: true, policy: 'registration', globals: none, timer: 'timer' },
        uninstalled: { policy: 'none', globals: none, timer: 'empty' },
      });
      return;
    }
    const order = ['user-blocking', 'signal user-blocking', 'user-visible', 'background'];
    // Uninstalled, the platform: priorities and signal priority honoured, the delay kept, abort rejects, a native promise; no frame.
    deepStrictEqual(seen.platform, {
      order,
      results: ['empty', 'empty', 'empty', 'empty'],
      abortedWith: 'stop',
      delayed: { afterVisible: true, waited: true, seen: 'empty' },
      native: true,
    });
    // Installed: the very same, and each callback sees the value of its postTask call.
    deepStrictEqual(seen.installed, {
      order,
      results: ['user-blocking', 'signal user-blocking', 'user-visible', 'background'],
      abortedWith: 'stop',
      delayed: { afterVisible: true, waited: true, seen: 'delay 40' },
      native: true,
    });
  },
};
