import type { Backend, BackendName } from '../core/backend.js';
import { Frame } from '../core/frame.js';

/**
 * A runtime's own propagation that can run code with a value but has no
 * `enterWith` (an engine's own AsyncContext; workerd's AsyncLocalStorage):
 * the propagated value is the frame itself. `Context` writes need no
 * `enterWith` (they go to the task record, src/core/task.ts), so they behave
 * here as everywhere; `AsyncLocalStorage.enterWith` throws, as the runtime's
 * own does (`enter` refuses).
 */
export interface Propagator {
  /** The frame of the innermost run, if any. */
  get(): Frame | undefined;
  /** Calls `fn` with `frame` as the propagated value. */
  run<R>(frame: Frame, fn: (...args: never) => R, thisArg: unknown, args: ArrayLike<unknown>): R;
}

/** The backend over `get` and `run`, a propagator's two parts (see Propagator). */
export function createRunOnlyBackend(name: BackendName, get: Propagator['get'], run: Propagator['run']): Backend {
  return {
    name,
    current: () => get() ?? Frame.EMPTY,
    run,
    runWithArgument: (frame, fn, thisArg, arg) => run(frame, fn, thisArg, [arg]),
    enter: () => false,
  };
}
