import { expect, test } from './fixtures.js';
import type { HarnessWindow } from './page-types.js';

// No bleed under load: 1,000 concurrent tasks, each with its own value in a
// Variable, a Context and an AsyncLocalStorage, hop through a random (seeded)
// mix of timers, .then, microtasks, events and XHR. Every hop checks all three.

test('1,000 concurrent tasks hopping through timers, promises, microtasks, events and XHR never see another task', async ({ page, server }) => {
  test.setTimeout(120_000);
  await page.goto(`${server.url}/e2e/pages/harness.html?events=registration`);
  const result = await page.evaluate(async () => {
    const { Context, AsyncLocalStorage, Variable } = (window as HarnessWindow).TaskContext;
    const v = new Variable<number>();
    const context = new Context<{ id: number }>();
    const storage = new AsyncLocalStorage<number>();
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

    // A pump outside any task dispatches the events tasks wait for: under the
    // 'registration' policy a listener must see its task, not the pump's empty frame.
    const bus = new EventTarget();
    const queued: number[] = [];
    setInterval(() => {
      for (const id of queued.splice(0)) bus.dispatchEvent(new Event(`hop-${id}`));
    }, 1);

    const hops: Record<string, (id: number, next: () => void) => void> = {
      timeout: (_, next) => setTimeout(next, Math.floor(random() * 3)),
      then: (_, next) => Promise.resolve().then(next),
      microtask: (_, next) => queueMicrotask(next),
      event: (id, next) => {
        bus.addEventListener(`hop-${id}`, next, { once: true });
        queued.push(id);
      },
      xhr: (id, next) => {
        const xhr = new XMLHttpRequest();
        xhr.onload = next;
        xhr.open('GET', `/api/echo?value=${id}`);
        xhr.send();
      },
    };
    const kinds = Object.keys(hops);
    let checks = 0;
    const mismatches: string[] = [];
    const counts: Record<string, number> = {};

    const runTaskHops = (id: number) =>
      new Promise<void>((resolve) => {
        let left = 8;
        const step = () => {
          checks++;
          const seen = [v.get(), context.get('id'), storage.getStore()];
          if (seen.some((value) => value !== id)) mismatches.push(`task ${id} saw ${seen.join(',')}`);
          if (left-- === 0) return resolve();
          const kind = kinds[Math.floor(random() * kinds.length)]!;
          counts[kind] = (counts[kind] ?? 0) + 1;
          hops[kind]!(id, step);
        };
        v.run(id, () => storage.run(id, () => context.run({ id }, step)));
      });

    await Promise.all(Array.from({ length: 1000 }, (_, id) => runTaskHops(id)));
    return { checks, mismatches: mismatches.slice(0, 10), mismatchCount: mismatches.length, counts };
  });
  expect(result.mismatches).toEqual([]);
  expect(result.mismatchCount).toBe(0);
  expect(result.checks).toBe(9000);
  // Every kind of hop was exercised, many times.
  for (const kind of ['timeout', 'then', 'microtask', 'event', 'xhr']) expect(result.counts[kind]).toBeGreaterThan(500);
});
