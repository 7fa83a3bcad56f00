import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import type { Scenario } from './scenarios.js';

// scheduler.postTask in the browsers that ship it (Chromium, Firefox ESR), on
// the page of the UMD bundle: each callback runs in the frame of its call, and
// what the platform does with priority, signal and delay, and the promise it
// returns, are the same installed as not. WebKit ships no scheduler: there the
// scenario checks that it still has none (and runs the checks once it has).

/** The page side: the same posts uninstalled and installed, each result the platform's or the frame's. */
const probe = `(async () => {
  const ua = navigator.userAgent;
  const engine = /Firefox\\//.test(ua) ? 'firefox' : /Chrome\\//.test(ua) ? 'chromium' : 'webkit';
  if (typeof scheduler === 'undefined' || typeof scheduler.postTask !== 'function') return { engine, shipped: false };
  const T = window.TaskContext;
  const v = new T.Variable({ name: 'postTask', defaultValue: 'empty' });
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
