import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';

// The frame register for runtimes without AsyncLocalStorage. It is only a
// variable: the patch layer (src/patch/) is what makes callbacks run in the
// frame they were scheduled from, by calling `run` around each of them.

let current = Frame.EMPTY;
/** How many scopes that will put the frame back are open: runs, and resumed stretches of built async functions. */
let depth = 0;

export const patchBackend: Backend = {
  name: 'patch',
  current: () => current,
  run(frame, fn, thisArg, args) {
    const previous = current;
    current = frame;
    depth++;
    try {
      // Never `fn.call`: that is looked up on the user's function. No `this`
      // and no arguments (Snapshot.run(fn)): a plain call, which engines
      // inline; SpiderMonkey does not inline Reflect.apply (3.5x here).
      return thisArg === undefined && args.length === 0 ? (fn as () => ReturnType<typeof fn>)() : apply(fn, thisArg, args);
    } finally {
      depth--;
      current = previous;
    }
  },
  call(frame, fn, thisArg, arg) {
    const previous = current;
    current = frame;
    depth++;
    try {
      // Promise reactions, which the platform calls with `this` undefined: a plain call.
      return thisArg === undefined ? (fn as unknown as (arg: unknown) => ReturnType<typeof fn>)(arg) : apply(fn, thisArg, [arg]);
    } finally {
      depth--;
      current = previous;
    }
  },
  enter(frame) {
    // Outside any scope nothing would put the frame back before the callbacks
    // already queued in this job run, and they would run in it (another
    // task's frame, or a native await's continuation in someone else's).
    if (depth === 0) return false;
    current = frame;
    return true;
  },
  exchange(frame, scopes) {
    // Depth counts the stretches that will put the frame back, so that
    // enter() inside one is allowed as inside a run.
    const previous = current;
    current = frame;
    depth += scopes;
    return previous;
  },
};

