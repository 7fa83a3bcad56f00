import { expect, test } from './fixtures.js';

// The patch layer as a <script> tag user meets it: the minified UMD bundle,
// TaskContext.install(), then a Variable through every kind of callback.

type Seen = Record<string, unknown>;

/** Runs in the page: schedules one callback of each kind inside `v.run(value)`; resolves with what each saw. */
function scheduleEverything(value: string): Promise<Seen> {
  const { Variable } = (window as unknown as { TaskContext: typeof import('../src/index.js') }).TaskContext;
  const v = ((window as unknown as { v?: InstanceType<typeof Variable> }).v ??= new Variable({ defaultValue: 'empty' }));
  const seen: Seen = {};
  const kinds = ['then', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'listener', 'onclick', 'xhr'];
  return new Promise((resolve) => {
    const record = (kind: string) => {
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
      xhr.open('GET', `/api/echo?delay=10&value=${value}`);
      xhr.send();
    });
  });
}

test('the UMD bundle carries a Variable through every patched API, and uninstall restores the platform', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/pages/umd.html`);
  const originals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown> & { TaskContext: typeof import('../src/index.js') };
    w.originals = [Promise.prototype.then, setTimeout, EventTarget.prototype.addEventListener];
    return { backend: w.TaskContext.backend(), installed: w.TaskContext.installed() ?? null };
  });
  expect(originals).toEqual({ backend: 'patch', installed: null });

  expect(await page.evaluate(() => (window as unknown as { TaskContext: { install(): boolean } }).TaskContext.install())).toBe(true);
  const [a, b] = await Promise.all([page.evaluate(scheduleEverything, 'A'), page.evaluate(scheduleEverything, 'B')]);
  const everywhere = (value: string) =>
    Object.fromEntries(['then', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'listener', 'onclick', 'xhr'].map((k) => [k, value]));
  expect(a).toEqual(everywhere('A'));
  expect(b).toEqual(everywhere('B'));
  // Outside any run: the empty frame.
  expect(await page.evaluate(() => new Promise((r) => setTimeout(() => r((window as unknown as { v: { get(): unknown } }).v.get()), 1)))).toBe('empty');

  const restored = await page.evaluate(() => {
    const w = window as unknown as { originals: unknown[]; TaskContext: { uninstall(): void } };
    w.TaskContext.uninstall();
    const now = [Promise.prototype.then, setTimeout, EventTarget.prototype.addEventListener];
    return now.map((fn, i) => fn === w.originals[i]);
  });
  expect(restored).toEqual([true, true, true]);
  // Uninstalled: scheduling no longer carries the frame.
  const after = await page.evaluate(scheduleEverything, 'C');
  expect(new Set(Object.values(after))).toEqual(new Set(['empty']));
});

test('the auto bundle installs on load', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/pages/auto.html`);
  expect(await page.evaluate(() => (window as unknown as { TaskContext: { installed(): unknown } }).TaskContext.installed())).toBe('registration');
  const seen = await page.evaluate(scheduleEverything, 'auto');
  expect(new Set(Object.values(seen))).toEqual(new Set(['auto']));
});
