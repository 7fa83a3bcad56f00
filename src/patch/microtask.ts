import { Frame } from '../core/frame.js';
import { apply, call, NO_ARGS } from '../core/intrinsics.js';
import { isNativeFunction } from '../core/native-function.js';
import { replaceValue } from '../instrument/instrument.js';
import { bindToFrame, currentFrame, runInFrame } from '../seam/seam.js';
import type { PlatformPatch } from './platform-patch.js';

type QueueMicrotask = (this: unknown, callback: unknown) => void;
type Reaction = (value: unknown) => void;

// A settled promise of our own, holding the platform's `then` (taken when this
// module loads, before our own `.then` patch: the queue below must not pay for
// it) as its own method: called as `settled.reactWith(…)`, a plain method call
// on an object nobody else sees. SpiderMonkey runs the reaction 2-4x slower
// when `then` is reached through Reflect.apply or an uncurried `call` (measured,
// bench/compare.ts, queueMicrotask rows).
interface SettledPromise extends Promise<void> {
  reactWith(onFulfilled: Reaction): unknown;
}
const settled = Promise.resolve() as SettledPromise;
settled.reactWith = settled.then;
const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;

/**
 * Queues `callback` as a reaction to a settled native promise, run in
 * `frame`. Same queue, same order as queueMicrotask (the HTML spec has one
 * microtask queue), but engines run promise reactions faster than
 * queueMicrotask callbacks, which go through the embedder (measured: several
 * times in Chromium, about a third in Firefox). An error is reported, as
 * queueMicrotask would, instead of rejecting a promise nobody holds.
 */
function queueAsReaction(callback: () => unknown, frame: Frame): void {
  settled.reactWith(() => {
    try {
      runInFrame(frame, callback, undefined, NO_ARGS);
    } catch (error) {
      report!(error); // a global's method works unbound
    }
  });
}

/** Only over the platform's own queueMicrotask: a wrapper installed before ours must stay in the path. */
const canQueueAsReaction = (original: unknown): boolean => isNativeFunction(original) && typeof report === 'function';

/** queueMicrotask callbacks run in the frame of the call. */
export const patchMicrotask: PlatformPatch = () => [
  replaceValue<QueueMicrotask>(globalThis, 'queueMicrotask', (original, state) => {
    const asReaction = canQueueAsReaction(original);
    return {
      queueMicrotask(this: unknown, callback: unknown) {
        const frame = state.enabled ? currentFrame() : Frame.EMPTY;
        if (frame === Frame.EMPTY || typeof callback !== 'function') {
          // A one-argument call (all of them, nearly) goes to the platform directly:
          // Reflect.apply of `arguments` makes SpiderMonkey build the object (measured).
          // eslint-disable-next-line prefer-rest-params
          return arguments.length === 1 ? call(original, this, callback) : apply(original, this, arguments);
        }
        if (asReaction && (this === undefined || this === globalThis)) return queueAsReaction(callback as () => unknown, frame);
        return call(original, this, bindToFrame(callback as () => unknown, frame));
      },
    }.queueMicrotask;
  }),
];
