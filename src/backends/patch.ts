import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';
import { resetAtEndOfJob } from './end-of-job.js';

// The frame register for runtimes without AsyncLocalStorage. It is only a
// variable: the patch layer (src/patch/) is what makes callbacks run in the
// frame they were scheduled from, by calling `run` around each of them.

let current = Frame.EMPTY;
let depth = 0;
const queueReset = resetAtEndOfJob(() => {
  if (depth === 0) current = Frame.EMPTY;
});

/**
 * Makes `frame` current and returns the frame it replaces, with no scope: for
 * code that restores the previous frame itself (src/patch/await-scope.ts).
 */
export function exchangeFrame(frame: Frame): Frame {
  const previous = current;
  current = frame;
  return previous;
}

export const patchBackend: Backend = {
  name: 'patch',
  isolatesWrites: true,
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
    current = frame;
    // Outside any run, an entered frame ends with the current job.
    if (depth === 0) queueReset();
  },
};
