import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';

// The patch layer's backend (`backend() === 'patch'`), for runtimes without
// AsyncLocalStorage: the current frame is only a variable. The patch layer
// (src/patch/) is what makes callbacks run in the frame they were scheduled
// from, by calling `run` around each of them.

let current = Frame.EMPTY;
/** How many stretches that will put the frame back are open: runs, and resumed stretches of built async functions. */
let depth = 0;

export const patchLayerBackend: Backend = {
  name: 'patch',
  current: () => current,
  run(frame, fn, thisArg, args) {
    // Inline, as 615cf49 had it: every callback the patch layer runs comes here.
    const previous = current;
    current = frame;
    depth++;
    try {
      // Never `fn.call`: that is looked up on the user's function. No `this`
      // and no arguments (Snapshot.run(fn)): a plain call, which engines
      // inline; SpiderMonkey does not inline Reflect.apply (3.5x here).
      return thisArg === undefined && args.length === 0 ? (fn as () => ReturnType<typeof fn>)() : apply(fn, thisArg, args);
    } finally {
      // Inline: JavaScriptCore runs a call in a finally block much slower (Snapshot.run 1.7x, measured).
      depth--;
      current = previous;
    }
  },
  runWithArgument(frame, fn, thisArg, arg) {
    const previous = current;
    current = frame;
    depth++;
    try {
      // Promise reactions, which the platform calls with `this` undefined: a plain call.
      return thisArg === undefined ? (fn as unknown as (arg: unknown) => ReturnType<typeof fn>)(arg) : apply(fn, thisArg, [arg]);
    } finally {
      // Inline: JavaScriptCore runs a call in a finally block much slower (Snapshot.run 1.7x, measured).
      depth--;
      current = previous;
    }
  },
  enter(frame) {
    // Outside any stretch nothing would put the frame back before the
    // callbacks already queued in this job run, and they would run in it
    // (another task's frame, or a native await's continuation in someone else's).
    if (depth === 0) return false;
    current = frame;
    return true;
  },
  // Counted like runs, so that enter() inside a resumed stretch is allowed as
  // inside a run. Each built `await` calls both: written out, not through a
  // shared helper (built await in Chromium 1.15x against 615cf49 through one).
  enterScope(frame) {
    const previous = current;
    current = frame;
    depth++;
    return previous;
  },
  leaveScope(frame) {
    const previous = current;
    current = frame;
    depth--;
    return previous;
  },
};
