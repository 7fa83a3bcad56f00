import { expect, test } from './fixtures.js';
import type { HarnessWindow } from './page-types.js';

// Frame-driven callbacks, observers and messaging in a real engine.

test('requestAnimationFrame and requestIdleCallback callbacks run in the frame of the call', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/pages/harness.html?events=registration`);
  const seen = await page.evaluate(() => {
    const w = window as HarnessWindow;
    const idle = typeof requestIdleCallback === 'function';
    return Promise.all([
      w.v.run('raf', () => new Promise((r) => requestAnimationFrame(() => r(w.v.get())))),
      idle ? w.v.run('idle', () => new Promise((r) => requestIdleCallback(() => r(w.v.get()), { timeout: 500 }))) : 'idle',
    ]);
  });
  expect(seen).toEqual(['raf', 'idle']);
});

for (const events of ['registration', 'dispatch'] as const) {
  test(`observers under '${events}': construction frame, or the empty frame`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/harness.html?events=${events}`);
    const seen = await page.evaluate(async () => {
      const w = window as HarnessWindow;
      const box = document.getElementById('box')!;
      const once = (make: (done: (value: string) => void) => void) =>
        new Promise<string>((resolve) => w.v.run('at-construction', () => make(resolve)));
      const mutation = once((done) => {
        const o = new MutationObserver(() => (o.disconnect(), done(w.v.get())));
        o.observe(box, { attributes: true });
        w.v.run('elsewhere', () => setTimeout(() => box.setAttribute('data-x', '1'), 1));
      });
      const resize = once((done) => {
        const o = new ResizeObserver(() => (o.disconnect(), done(w.v.get())));
        o.observe(box);
      });
      const intersection = once((done) => {
        const o = new IntersectionObserver(() => (o.disconnect(), done(w.v.get())));
        o.observe(box);
      });
      const performance_ = once((done) => {
        const o = new PerformanceObserver(() => (o.disconnect(), done(w.v.get())));
        o.observe({ entryTypes: ['mark'] });
        w.v.run('elsewhere', () => setTimeout(() => performance.mark('m'), 1));
      });
      return Promise.all([mutation, resize, intersection, performance_]);
    });
    const expected = events === 'registration' ? 'at-construction' : 'empty';
    expect(seen).toEqual([expected, expected, expected, expected]);
  });

  test(`MessageChannel and BroadcastChannel under '${events}'`, async ({ page, server }) => {
    await page.goto(`${server.url}/e2e/pages/harness.html?events=${events}`);
    const seen = await page.evaluate(async () => {
      const w = window as HarnessWindow;
      const channel = new MessageChannel();
      const viaListener = new Promise<string>((resolve) =>
        w.v.run('at-registration', () => {
          channel.port2.addEventListener('message', () => resolve(w.v.get()));
          channel.port2.start();
        }),
      );
      const other = new MessageChannel();
      const viaOnMessage = new Promise<string>((resolve) =>
        w.v.run('at-registration', () => (other.port2.onmessage = () => resolve(w.v.get()))),
      );
      const name = `tc-${Math.random()}`;
      const receiver = new BroadcastChannel(name);
      const viaBroadcast = new Promise<string>((resolve) =>
        w.v.run('at-registration', () => (receiver.onmessage = () => resolve(w.v.get()))),
      );
      w.v.run('sender', () => {
        channel.port1.postMessage('hi');
        other.port1.postMessage('hi');
        new BroadcastChannel(name).postMessage('hi');
      });
      return Promise.all([viaListener, viaOnMessage, viaBroadcast]);
    });
    // Messages come from outside the page's call stack: under 'dispatch', the empty frame.
    const expected = events === 'registration' ? 'at-registration' : 'empty';
    expect(seen).toEqual([expected, expected, expected]);
  });
}

test('a dedicated Worker loads the UMD bundle and carries context inside the worker', async ({ page, server }) => {
  await page.goto(`${server.url}/e2e/pages/harness.html`);
  const result = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const worker = new Worker('/e2e/pages/worker.js');
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      }),
  );
  expect(result).toEqual({
    backend: 'patch',
    hasWindow: false,
    seen: { then: 'A', timeout: 'A', microtask: 'A', message: 'A', thenB: 'B' },
    outside: 'empty',
  });
});
