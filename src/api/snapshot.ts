import { isObject, requireFunction, requireReceiver } from '../core/checks.js';
import { setToStringTag } from '../core/to-string-tag.js';
import type { Frame } from '../core/frame.js';
import { call, NO_ARGS } from '../core/intrinsics.js';
import { usePrototypeFallback } from '../core/prototype-from-constructor.js';
import { bindToFrame, currentFrame, runInFrame } from '../seam/seam.js';

const { slice } = Array.prototype;


/**
 * Snapshot.prototype, for the constructor's prototype fallback. Declared before
 * the class, set after it: a binding declared later than the constructor that
 * reads it costs a check of its initialization at every construction.
 */
let snapshotPrototype: object;

/**
 * `AsyncContext.Snapshot` from the TC39 proposal: the whole current frame
 * (every Variable, AsyncLocalStorage and Context), captured in O(1) to run
 * code in later.
 */
export class Snapshot {
  readonly #frame: Frame;

  constructor() {
    usePrototypeFallback(this, new.target, snapshotPrototype);
    this.#frame = currentFrame();
  }

  /** Calls `fn(...args)` in the captured frame, then restores the frame. */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
  run(fn: unknown): unknown {
    // Hot (a span restored per callback): checks inline, no array for no arguments.
    if (!isObject(this) || !(#frame in this)) requireReceiver(false, 'Snapshot', 'run');
    if (typeof fn !== 'function') requireFunction(fn, 'Snapshot.run');
    // eslint-disable-next-line prefer-rest-params
    const args = arguments.length > 1 ? call(slice, arguments, 1) : NO_ARGS;
    return runInFrame(this.#frame, fn as () => unknown, undefined, args);
  }

  /**
   * A function that calls `fn` in the frame current now, with the `this` and
   * arguments it is called with. Not a constructor; named `"wrapped " + fn.name`.
   */
  static wrap<T, A extends unknown[], R>(fn: (this: T, ...args: A) => R): (this: T, ...args: A) => R {
    requireFunction(fn, 'Snapshot.wrap');
    return bindToFrame(fn, currentFrame(), 'wrapped');
  }
}

// Set outside the class body: a class naming itself inside it gets renamed by some bundlers (esbuild: `_Snapshot`).
snapshotPrototype = Snapshot.prototype;
setToStringTag(snapshotPrototype, 'AsyncContext.Snapshot');
