import { active } from '../backends/active.js';
import { Frame } from '../core/frame.js';

type AnyFunction = (...args: never) => unknown;

/** A function that calls `fn` in `frame` with its own `this` and arguments. */
export function bindToFrame<F extends AnyFunction>(fn: F, frame: Frame): F {
  return function boundToFrame(this: unknown) {
    // eslint-disable-next-line prefer-rest-params
    return active.run(frame, fn, this, arguments);
  } as unknown as F;
}

/** `bindToFrame` for a callback the platform calls with exactly one argument (a promise reaction). */
export function bindToFrame1<F extends AnyFunction>(fn: F, frame: Frame): F {
  return function boundToFrame(this: unknown, arg: unknown) {
    return active.call(frame, fn, this, arg);
  } as unknown as F;
}

/**
 * `value` bound to the current frame if it is a function and the frame is not
 * empty. The event loop starts every callback in the empty frame, so a
 * callback scheduled there needs no wrapper: the common case stays free.
 * Anything else is handed on untouched, for the platform to accept or reject.
 */
export function bindCallback<T>(value: T): T {
  if (typeof value !== 'function') return value;
  const frame = active.current();
  return frame === Frame.EMPTY ? value : (bindToFrame(value as AnyFunction, frame) as T);
}
