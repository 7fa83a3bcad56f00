// A page may replace Function.prototype.call or Reflect.apply after
// taskcontext loaded (a polyfill, a debugging aid, a hostile script). The
// patch layer calls the platform's functions it replaced with the ones it
// captured at load (src/core/intrinsics.ts), never with the page's: so the
// page's replacements never see one of those calls, and every callback still
// runs in the frame it was scheduled from.
import { afterEach, describe, expect, it } from 'vitest';
import { install } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { frame, inFrame, seen } from './frames.js';

usePatchLayer();

const platformCall = Function.prototype.call;
const platformApply = Reflect.apply;

/** The platform functions the patch layer replaces, as they were before install(). */
function platformOriginals(): Set<unknown> {
  return new Set<unknown>([
    Promise.prototype.then,
    globalThis.queueMicrotask,
    globalThis.setTimeout,
    globalThis.setInterval,
    globalThis.requestAnimationFrame,
    EventTarget.prototype.addEventListener,
    EventTarget.prototype.removeEventListener,
  ]);
}

/** Which of `originals` the page's call/apply were asked to call, by name. */
function spyOnCallAndApply(originals: Set<unknown>): string[] {
  const steered: string[] = [];
  const note = (fn: unknown): void => {
    if (originals.has(fn)) steered.push((fn as { name: string }).name);
  };
  Object.defineProperty(Function.prototype, 'call', {
    configurable: true,
    writable: true,
    value: function call(this: (...args: unknown[]) => unknown, thisArg: unknown, ...args: unknown[]) {
      note(this);
      return platformApply(this, thisArg, args);
    },
  });
  Reflect.apply = function apply(fn: (...args: unknown[]) => unknown, thisArg: unknown, args: ArrayLike<unknown>) {
    note(fn);
    return platformApply(fn, thisArg, args);
  } as typeof Reflect.apply;
  return steered;
}

afterEach(() => {
  Object.defineProperty(Function.prototype, 'call', { configurable: true, writable: true, value: platformCall });
  Reflect.apply = platformApply;
});

describe('a page replaces Function.prototype.call and Reflect.apply after install()', () => {
  it('then, queueMicrotask, the timers and listeners reach the platform without them, and carry the frame', async () => {
    const originals = platformOriginals();
    install();
    const steered = spyOnCallAndApply(originals);
    const target = new EventTarget();
    const results = await inFrame('A', () => {
      const seenBy: Array<Promise<string>> = [];
      const probe = (schedule: (done: () => void) => void): void => {
        seenBy.push(new Promise<string>((resolve) => schedule(() => resolve(seen()))));
      };
      probe((done) => void Promise.resolve().then(done));
      probe((done) => queueMicrotask(done));
      probe((done) => void setTimeout(done));
      probe((done) => void setTimeout(done, 1));
      probe((done) => void setTimeout((extra: string) => extra === 'x' && done(), 1, 'x'));
      probe((done) => {
        const handle = setInterval(() => {
          clearInterval(handle);
          done();
        }, 1);
      });
      probe((done) => void requestAnimationFrame(done));
      probe((done) => {
        const listener = (): void => {
          target.removeEventListener('ping', listener);
          done();
        };
        target.addEventListener('ping', listener);
      });
      target.dispatchEvent(new Event('ping'));
      return Promise.all(seenBy);
    });
    expect(results).toEqual(Array(8).fill(frame('A')));
    expect(steered).toEqual([]);
  });

  it('control: the spy sees a call made through them', () => {
    const originals = platformOriginals();
    const steered = spyOnCallAndApply(originals);
    Promise.prototype.then.call(Promise.resolve(), () => {});
    Reflect.apply(queueMicrotask, globalThis, [() => {}]);
    expect(steered).toEqual(['then', 'queueMicrotask']);
  });
});
