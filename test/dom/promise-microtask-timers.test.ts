// Promise callbacks, queueMicrotask and timers run in the frame they were
// scheduled from: frame A's callback sees A even when B's runs first, a
// callback scheduled outside any run sees the defaults, and after uninstall()
// nothing is carried any more (but what was scheduled before keeps its frame).
import { describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { deferred, dict, EMPTY, errorKind, errorOf, frame, framesSeen, inFrame, seen, sleep } from './frames.js';

usePatchLayer();

const CARRIED = { A: frame('A'), B: frame('B'), outside: EMPTY };
const NOT_CARRIED = { A: EMPTY, B: EMPTY, outside: EMPTY };

/** Delays that make the callback scheduled second (frame B) fire first. */
const B_FIRST = [12, 2, 6];

describe('Promise.prototype.then / catch / finally', () => {
  it('then: each callback sees the frame where .then was called', async () => {
    install();
    expect(await framesSeen((callback, i) => void sleep(B_FIRST[i]).then(callback))).toEqual(CARRIED);
  });

  it('then: the rejection callback too', async () => {
    install();
    expect(await framesSeen((callback) => void Promise.reject(new Error('x')).then(undefined, callback))).toEqual(CARRIED);
  });

  it('catch', async () => {
    install();
    expect(await framesSeen((callback, i) => void sleep(B_FIRST[i]).then(() => Promise.reject(new Error('x'))).catch(callback))).toEqual(
      CARRIED,
    );
  });

  it('finally, after fulfilment and after rejection', async () => {
    install();
    expect(await framesSeen((callback) => void Promise.resolve(1).finally(callback))).toEqual(CARRIED);
    expect(await framesSeen((callback) => void Promise.reject(new Error('x')).finally(callback).catch(() => {}))).toEqual(CARRIED);
  });

  it('the frame is the one at .then: not where the promise was made, nor where it was resolved', async () => {
    install();
    const { promise, resolve } = inFrame('made', () => deferred<string>());
    const seenIn = inFrame('then', () => promise.then(() => seen()));
    inFrame('resolved', () => resolve('x'));
    expect(await seenIn).toBe(frame('then'));
  });

  it('a chain keeps its frame at every step, two interleaved chains never mix', async () => {
    install();
    const chain = (label: string, delay: number): Promise<string[]> =>
      inFrame(label, () => {
        const steps: string[] = [];
        return sleep(delay)
          .then(() => void steps.push(seen()))
          .then(() => sleep(delay))
          .then(() => void steps.push(seen()))
          .then(() => Promise.resolve().then(() => void steps.push(seen()))) // a nested .then, called inside a step
          .then(() => steps);
      });
    const [a, b] = await Promise.all([chain('A', 6), chain('B', 1)]);
    expect(a).toEqual([frame('A'), frame('A'), frame('A')]);
    expect(b).toEqual([frame('B'), frame('B'), frame('B')]);
    expect(seen()).toBe(EMPTY);
  });

  it('Promise.all / race / any / allSettled: .then on the result runs in the frame of that .then', async () => {
    install();
    const combinators = [
      (ps: Array<Promise<unknown>>) => Promise.all(ps),
      (ps: Array<Promise<unknown>>) => Promise.race(ps),
      (ps: Array<Promise<unknown>>) => Promise.any(ps),
      (ps: Array<Promise<unknown>>) => Promise.allSettled(ps),
    ];
    for (const combine of combinators) {
      expect(await framesSeen((callback, i) => void combine([sleep(B_FIRST[i]), Promise.resolve(i)]).then(callback))).toEqual(CARRIED);
      // Combined in one frame, continued in another: the continuation's frame wins.
      const combined = inFrame('A', () => combine([sleep(1), Promise.resolve(0)]));
      expect(await inFrame('B', () => combined.then(() => seen()))).toBe(frame('B'));
    }
  });

  it('thenable adoption: .then on Promise.resolve(thenable) runs in its frame', async () => {
    install();
    const thenable = (value: number): PromiseLike<number> => ({
      then(onFulfilled) {
        setTimeout(() => onFulfilled?.(value), 1);
        return undefined as never;
      },
    });
    expect(await framesSeen((callback, i) => void Promise.resolve(thenable(i)).then(callback))).toEqual(CARRIED);
    // A promise resolved with a thenable inside a .then chain.
    expect(await framesSeen((callback, i) => void Promise.resolve().then(() => thenable(i)).then(callback))).toEqual(CARRIED);
  });

  it("a thenable's own then() is called by the engine's job: it sees the empty frame, never another frame's (as await)", async () => {
    // The engine calls thenable.then from a job it queued itself; no patch
    // can see that call (as with native await, see findings.md). What a user
    // can rely on: the defaults, never a value from some other run.
    install();
    const thenable = { then: (resolve: (value: string) => void) => resolve(seen()) };
    const fromA = inFrame('A', () => Promise.resolve(thenable));
    const fromB = inFrame('B', () => Promise.resolve(thenable));
    expect(await Promise.all([fromA, fromB])).toEqual([EMPTY, EMPTY]);
  });

  it('code after a native await sees the empty frame, never another run\'s (browsers need the build plugin)', async () => {
    install();
    const task = (label: string, delay: number) =>
      inFrame(label, async () => {
        const before = seen();
        await sleep(delay);
        return [before, seen()];
      });
    expect(await Promise.all([task('A', 5), task('B', 1)])).toEqual([
      [frame('A'), EMPTY],
      [frame('B'), EMPTY],
    ]);
  });

  it('a Context write inside a callback reaches its whole task: what it schedules, a sibling that runs later, the scheduler', async () => {
    install();
    const result = await inFrame('A', () => {
      const first = Promise.resolve().then(() => {
        dict.set('id', 'written');
        return Promise.resolve().then(() => seen()); // scheduled after the write
      });
      const sibling = Promise.resolve().then(() => seen());
      return Promise.all([first, sibling]).then(([fromFirst, fromSibling]) => ({ fromFirst, fromSibling, scheduler: seen() }));
    });
    expect(result).toEqual({ fromFirst: 'A/written/A', fromSibling: 'A/written/A', scheduler: 'A/written/A' });
  });

  it('after uninstall(), .then no longer carries the frame', async () => {
    install();
    uninstall();
    expect(await framesSeen((callback, i) => void sleep(B_FIRST[i]).then(callback))).toEqual(NOT_CARRIED);
  });

  it('a .then called before uninstall() still runs in its frame after it', async () => {
    install();
    const { promise, resolve } = deferred();
    const seenIn = inFrame('A', () => promise.then(() => seen()));
    uninstall();
    resolve();
    expect(await seenIn).toBe(frame('A'));
  });
});

describe('queueMicrotask', () => {
  it('each microtask sees the frame of its queueMicrotask call', async () => {
    install();
    expect(await framesSeen((callback) => queueMicrotask(callback))).toEqual(CARRIED);
  });

  it('after uninstall() it no longer carries the frame; one queued before still does', async () => {
    install();
    const before = new Promise<string>((resolve) => inFrame('A', () => queueMicrotask(() => resolve(seen()))));
    uninstall();
    expect(await before).toBe(frame('A'));
    expect(await framesSeen((callback) => queueMicrotask(callback))).toEqual(NOT_CARRIED);
  });

  it("a non-function argument gets the platform's own error", () => {
    const unpatched = errorOf(() => queueMicrotask(5 as unknown as () => void)) as Error;
    install();
    const patched = inFrame('A', () => errorOf(() => queueMicrotask(5 as unknown as () => void))) as Error;
    expect(errorKind(patched)).toBe(errorKind(unpatched));
    expect(patched.message).toBe(unpatched.message);
  });
});

describe('setTimeout', () => {
  it('each callback sees the frame of its setTimeout call, in whatever order they fire', async () => {
    install();
    expect(await framesSeen((callback, i) => void setTimeout(callback, B_FIRST[i]))).toEqual(CARRIED);
  });

  it('a timer set inside a timer callback inherits that callback\'s frame', async () => {
    install();
    expect(await framesSeen((callback) => void setTimeout(() => setTimeout(callback, 1), 1))).toEqual(CARRIED);
  });

  it('extra arguments and `this` reach the callback as without the patch', async () => {
    const observe = () =>
      new Promise<{ args: unknown[]; thisIsHandle: boolean }>((resolve) => {
        const handle = setTimeout(
          function (this: unknown, ...args: unknown[]) {
            resolve({ args, thisIsHandle: this === handle });
          },
          0,
          'x',
          2,
        );
      });
    const unpatched = await observe();
    install();
    const patched = await inFrame('A', observe);
    expect(patched).toEqual(unpatched);
    expect(patched.args).toEqual(['x', 2]);
  });

  it('the callback gets as many arguments as without the patch, however many the call passed', async () => {
    // The patch calls one- and two-argument schedulers directly (not through the arguments
    // object): a one-argument setImmediate must not grow an `undefined` argument on the way.
    type Schedule = (callback: (...args: unknown[]) => void) => void;
    const calls: Record<string, Schedule> = {
      'setTimeout(cb)': (cb) => void setTimeout(cb),
      'setTimeout(cb, 0)': (cb) => void setTimeout(cb, 0),
      "setTimeout(cb, 0, 'x')": (cb) => void setTimeout(cb, 0, 'x'),
      'setImmediate(cb)': (cb) => void setImmediate(cb),
      "setImmediate(cb, 'x', 'y')": (cb) => void (setImmediate as (cb: unknown, ...args: unknown[]) => unknown)(cb, 'x', 'y'),
    };
    // Each call made in frame A (test/dom is not built with the await plugin: a frame ends at an await).
    const observe = async () => {
      const results: Record<string, unknown> = {};
      for (const [name, schedule] of Object.entries(calls)) {
        results[name] = await new Promise<unknown[]>((resolve) => inFrame('A', () => schedule((...args) => resolve(args))));
        results[`${name} frame`] = await new Promise<string>((resolve) => inFrame('A', () => schedule(() => resolve(seen()))));
      }
      return results;
    };
    const unpatched = await observe();
    install();
    const patched = await observe();
    for (const name of Object.keys(calls)) {
      expect(patched[name], name).toEqual(unpatched[name]);
      expect(patched[`${name} frame`], name).toBe(frame('A'));
    }
    expect(patched['setImmediate(cb)']).toEqual([]);
    expect(patched["setImmediate(cb, 'x', 'y')"]).toEqual(['x', 'y']);
  });

  it('clearTimeout with the returned handle cancels a timer set in a frame', async () => {
    install();
    const log: string[] = [];
    const handle = inFrame('A', () => setTimeout(() => log.push('ran'), 1));
    clearTimeout(handle);
    await sleep(10);
    expect(log).toEqual([]);
  });

  it("a non-function callback gets the platform's own error", () => {
    const unpatched = errorOf(() => setTimeout('code' as unknown as () => void, 0));
    install();
    const patched = inFrame('A', () => errorOf(() => setTimeout('code' as unknown as () => void, 0)));
    expect(errorKind(patched)).toBe(errorKind(unpatched));
    expect((patched as Error | undefined)?.message).toBe((unpatched as Error | undefined)?.message);
  });

  it('after uninstall() it no longer carries the frame; a timer set before still does', async () => {
    install();
    const before = new Promise<string>((resolve) => inFrame('A', () => setTimeout(() => resolve(seen()), 5)));
    uninstall();
    expect(await framesSeen((callback, i) => void setTimeout(callback, B_FIRST[i]))).toEqual(NOT_CARRIED);
    expect(await before).toBe(frame('A'));
  });
});

describe('setInterval', () => {
  it('every tick sees the frame of the setInterval call; clearInterval stops it', async () => {
    install();
    const ticks: Record<string, string[]> = { A: [], B: [] };
    const done = ['A', 'B'].map(
      (label, i) =>
        new Promise<void>((resolve) => {
          const handle = inFrame(label, () =>
            setInterval(() => {
              ticks[label]!.push(seen());
              if (ticks[label]!.length === 3) {
                clearInterval(handle);
                resolve();
              }
            }, 1 + i * 2),
          );
        }),
    );
    await Promise.all(done);
    await sleep(15); // cleared: no fourth tick
    expect(ticks).toEqual({ A: [frame('A'), frame('A'), frame('A')], B: [frame('B'), frame('B'), frame('B')] });
  });

  it('after uninstall() an interval set before keeps ticking in its frame', async () => {
    install();
    const ticks: string[] = [];
    const handle = inFrame('A', () => setInterval(() => ticks.push(seen()), 1));
    uninstall();
    while (ticks.length < 2) await sleep(2);
    clearInterval(handle);
    expect(ticks.slice(0, 2)).toEqual([frame('A'), frame('A')]);
  });
});

describe('setImmediate (Node, present under happy-dom)', () => {
  it('each callback sees the frame of its setImmediate call; clearImmediate cancels', async () => {
    install();
    expect(await framesSeen((callback) => void setImmediate(callback))).toEqual(CARRIED);
    const log: string[] = [];
    clearImmediate(inFrame('A', () => setImmediate(() => log.push('ran'))));
    await sleep(5);
    expect(log).toEqual([]);
  });

  it('after uninstall() it no longer carries the frame', async () => {
    install();
    uninstall();
    expect(await framesSeen((callback) => void setImmediate(callback))).toEqual(NOT_CARRIED);
  });
});
