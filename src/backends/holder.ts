import type { Backend, BackendName } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { resetAtEndOfJob } from './end-of-job.js';

/**
 * For a runtime that can run code with a value and propagate it, but has no
 * `enterWith` (an engine's own AsyncContext; workerd's AsyncLocalStorage):
 * the value is a holder of the frame, one per `run`, and `enter` replaces the
 * frame in the holder of the enclosing `run`. Captures made by taskcontext
 * (Snapshot, bind, the patch layer) copy the frame itself and stay exact;
 * what the runtime propagates on its own (await, its timers) shares the
 * holder, so a write reaches callbacks scheduled earlier in the same `run`.
 */
export interface Holder {
  frame: Frame;
}

export interface Propagator {
  /** The holder of the innermost run, if any. */
  get(): Holder | undefined;
  /** Calls `fn` with `holder` as the propagated value. */
  run<R>(holder: Holder, fn: (...args: never) => R, thisArg: unknown, args: ArrayLike<unknown>): R;
}

export function createHolderBackend(name: BackendName, propagator: Propagator): Backend {
  // Outside any run. A frame entered there lasts until the end of the current
  // job only, or it would leak into every later callback for good.
  const top: Holder = { frame: Frame.EMPTY };
  const queueReset = resetAtEndOfJob(() => {
    top.frame = Frame.EMPTY;
  });
  return {
    name,
    isolatesWrites: false,
    current: () => (propagator.get() ?? top).frame,
    run: (frame, fn, thisArg, args) => propagator.run({ frame }, fn, thisArg, args),
    call: (frame, fn, thisArg, arg) => propagator.run({ frame }, fn, thisArg, [arg]),
    enter(frame) {
      const holder = propagator.get();
      if (holder) {
        holder.frame = frame;
        return;
      }
      top.frame = frame;
      queueReset();
    },
  };
}
