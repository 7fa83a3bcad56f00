import { bindCallback } from './bind.js';
import { replaceValue, type Undo } from './instrument.js';
import { copyNameAndLength } from '../core/function-shape.js';
import { apply } from '../core/intrinsics.js';

type Scheduler = (this: unknown, callback: unknown, ...rest: unknown[]) => unknown;

/**
 * Patches `target[key]`, a function whose first argument is a callback
 * (setTimeout, queueMicrotask, requestAnimationFrame…), so that the callback
 * runs in the frame of the call. Everything else passes through unchanged.
 */
export function patchCallbackArgument(target: object | undefined, key: string): Undo | undefined {
  if (!target) return undefined;
  return replaceValue<Scheduler>(target, key, (original, state) =>
    copyNameAndLength(
      function scheduleInFrame(this: unknown, callback: unknown, delay?: unknown) {
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        const bound = state.on ? bindCallback(callback) : callback;
        // The common arities are called directly: writing the callback into
        // the arguments object on every call cost Firefox about 1 µs per
        // timer (measured); only calls with extra arguments still do.
        if (bound === callback || args.length > 2) {
          args[0] = bound;
          return apply(original, this, args);
        }
        return args.length > 1 ? original.call(this, bound, delay) : original.call(this, bound);
      },
      original,
    ),
  );
}
