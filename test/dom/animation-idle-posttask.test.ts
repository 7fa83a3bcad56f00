// requestAnimationFrame, requestIdleCallback and scheduler.postTask run their
// callback in the frame of the call.
//
// happy-dom 21 has requestAnimationFrame (a setImmediate under the hood) but
// neither requestIdleCallback nor scheduler.postTask. For those two, a minimal
// fake is put on globalThis BEFORE install(), to prove the patch mechanism:
// the fake calls back through the platform's *unpatched* setTimeout, captured
// before install(), so only the patch of the API itself can carry the frame
// (each has a control test showing the fake alone carries nothing).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, frame, framesSeen, inFrame, seen, sleep } from './frames.js';

usePatchLayer();

const CARRIED = { A: frame('A'), B: frame('B'), outside: EMPTY };
const NOT_CARRIED = { A: EMPTY, B: EMPTY, outside: EMPTY };

describe('requestAnimationFrame (happy-dom)', () => {
  it('each callback sees the frame of its requestAnimationFrame call', async () => {
    install();
    expect(await framesSeen((callback) => void requestAnimationFrame(callback))).toEqual(CARRIED);
  });

  it('the callback still gets its timestamp; cancelAnimationFrame with the returned id cancels', async () => {
    const timestampType = () => new Promise<string>((resolve) => requestAnimationFrame((time) => resolve(typeof time)));
    const unpatched = await timestampType();
    install();
    expect(await inFrame('A', timestampType)).toBe(unpatched);
    const log: string[] = [];
    cancelAnimationFrame(inFrame('A', () => requestAnimationFrame(() => log.push('ran'))));
    await sleep(5);
    expect(log).toEqual([]);
  });

  it('after uninstall() it no longer carries the frame; a callback requested before still does', async () => {
    install();
    const before = new Promise<string>((resolve) => inFrame('A', () => requestAnimationFrame(() => resolve(seen()))));
    uninstall();
    expect(await framesSeen((callback) => void requestAnimationFrame(callback))).toEqual(NOT_CARRIED);
    expect(await before).toBe(frame('A'));
  });
});

type Global = typeof globalThis & Record<string, unknown>;
const g = globalThis as Global;

/** Puts `value` at globalThis[key] for one test and takes it away after (after the layer's own afterEach uninstall). */
function withGlobal(key: string, make: (platformSetTimeout: typeof setTimeout) => unknown): void {
  let saved: PropertyDescriptor | undefined;
  beforeEach(() => {
    saved = Object.getOwnPropertyDescriptor(globalThis, key);
    // Captured here, after usePatchLayer's beforeEach uninstalled: the platform's own setTimeout.
    const platformSetTimeout = setTimeout;
    Object.defineProperty(globalThis, key, { value: make(platformSetTimeout), writable: true, configurable: true });
  });
  afterEach(() => {
    uninstall();
    if (saved) Object.defineProperty(globalThis, key, saved);
    else delete g[key];
  });
}

describe('requestIdleCallback (missing in happy-dom 21: a fake defined before install proves the patch)', () => {
  let fake: (callback: (deadline: { didTimeout: boolean }) => void, options?: unknown) => number;
  withGlobal('requestIdleCallback', (platformSetTimeout) => {
    let nextId = 1;
    fake = function requestIdleCallback(callback, _options) {
      platformSetTimeout(() => callback({ didTimeout: false }), 1);
      return nextId++;
    };
    return fake;
  });
  const request = (callback: () => void): void => void (g.requestIdleCallback as typeof fake)(callback);

  it('control: the fake alone carries nothing', async () => {
    expect(await framesSeen(request)).toEqual(NOT_CARRIED);
  });

  it('each callback sees the frame of its requestIdleCallback call; arguments and return value pass through', async () => {
    install();
    expect(g.requestIdleCallback).not.toBe(fake);
    expect(await framesSeen(request)).toEqual(CARRIED);
    const deadline = await new Promise((resolve) => inFrame('A', () => (g.requestIdleCallback as typeof fake)(resolve)));
    expect(deadline).toEqual({ didTimeout: false });
    expect(typeof inFrame('A', () => (g.requestIdleCallback as typeof fake)(() => {}))).toBe('number');
  });

  it('uninstall() puts the function back and stops carrying', async () => {
    install();
    uninstall();
    expect(g.requestIdleCallback).toBe(fake);
    expect(await framesSeen(request)).toEqual(NOT_CARRIED);
  });
});

describe('scheduler.postTask (missing in happy-dom 21: a fake Scheduler defined before install proves the patch)', () => {
  class FakeScheduler {
    constructor(private readonly platformSetTimeout: typeof setTimeout) {}
    postTask<T>(callback: () => T, options?: { delay?: number }): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        this.platformSetTimeout(() => {
          try {
            resolve(callback());
          } catch (error) {
            reject(error);
          }
        }, options?.delay ?? 0);
      });
    }
  }
  const originalPostTask = FakeScheduler.prototype.postTask;
  withGlobal('scheduler', (platformSetTimeout) => new FakeScheduler(platformSetTimeout));
  const scheduler = (): FakeScheduler => g.scheduler as unknown as FakeScheduler;
  const post = (callback: () => void, i: number): void => void scheduler().postTask(callback, { delay: [12, 2, 6][i] });

  it('control: the fake alone carries nothing', async () => {
    expect(await framesSeen(post)).toEqual(NOT_CARRIED);
  });

  it('each task sees the frame of its postTask call; the returned promise settles as before', async () => {
    install();
    expect(FakeScheduler.prototype.postTask).not.toBe(originalPostTask); // patched where it lives: on the prototype
    expect(FakeScheduler.prototype.postTask.name).toBe('postTask');
    expect(FakeScheduler.prototype.postTask.length).toBe(originalPostTask.length);
    expect(await framesSeen(post)).toEqual(CARRIED);
    expect(await inFrame('A', () => scheduler().postTask(() => `result in ${seen()}`))).toBe(`result in ${frame('A')}`);
    const error = new Error('from the task');
    await expect(
      inFrame('A', () =>
        scheduler().postTask(() => {
          throw error;
        }),
      ),
    ).rejects.toBe(error);
  });

  it('uninstall() puts the prototype method back and stops carrying', async () => {
    install();
    uninstall();
    expect(FakeScheduler.prototype.postTask).toBe(originalPostTask);
    expect(await framesSeen(post)).toEqual(NOT_CARRIED);
  });
});
