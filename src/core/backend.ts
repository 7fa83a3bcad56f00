import { Frame } from './frame.js';

/** Which mechanism carries the frame across async boundaries. */
export type BackendName = 'native' | 'als' | 'patch';

/**
 * The small interface every backend implements. A backend only knows how to
 * hold the current frame; what a frame means is the core model's business.
 * Nothing above src/seam/ calls a backend: the seam is the one way in.
 * `current` and `run` are called unbound (the seam holds them themselves).
 */
export interface Backend {
  readonly name: BackendName;
  /** The frame code runs in now. */
  current(): Frame;
  /**
   * Calls `fn` with `thisArg` and `args` in `frame`, then restores the frame it
   * found. A caller that just read `current()` passes it as `from`: on
   * AsyncLocalStorage each lookup of the store costs as much as the rest of a `run`.
   */
  run<R>(frame: Frame, fn: (...args: never) => R, thisArg: unknown, args: ArrayLike<unknown>, from?: Frame): R;
  /** `run` for a callback of exactly one argument (promise reactions, event listeners): no arguments list to build. */
  runWithArgument<R>(frame: Frame, fn: (...args: never) => R, thisArg: unknown, arg: unknown): R;
  /**
   * Makes `frame` current for the rest of the running code and whatever it
   * schedules, until the enclosing `run` ends (Node's `enterWith`). Returns
   * false, changing nothing, where the backend cannot: it has no `enterWith`,
   * or (the patch layer) no run is open to end it. The caller words the
   * error: only `AsyncLocalStorage.enterWith` enters, and the core bundle,
   * which has none, carries no message.
   */
  enter(frame: Frame): boolean;
  /**
   * Makes `frame` current for a stretch of code that will put the returned
   * frame (the one it replaces) back with `leaveScope` itself: the resumed
   * stretches of code built with the await plugin. Absent on backends that
   * can only run a callback in a frame (workerd's AsyncLocalStorage, an
   * engine's AsyncContext).
   */
  enterScope?(frame: Frame): Frame;
  /** Ends a stretch opened by `enterScope`: makes `frame` current again and returns the frame it replaces. */
  leaveScope?(frame: Frame): Frame;
}
