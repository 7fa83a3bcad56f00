import { apply, platformCall } from '../core/intrinsics.js';
import { replaceValue, type Change } from '../instrument/instrument.js';
import { bindIfInFrame } from '../seam/seam.js';

type Scheduler = (this: unknown, callback: unknown, ...rest: unknown[]) => unknown;

/**
 * Patches `target[key]`, a function whose first argument is a callback
 * (setTimeout, queueMicrotask, requestAnimationFrame…), so that the callback
 * runs in the frame of the call. Everything else passes through unchanged.
 */
export function patchCallbackArgument(target: object | null | undefined, key: string): Change | undefined {
  if (!target) return undefined;
  return replaceValue<Scheduler>(
    target,
    key,
    (original, state) =>
      ({
        scheduleInFrame(this: unknown, callback: unknown, delay?: unknown) {
          // eslint-disable-next-line prefer-rest-params
          const args = arguments;
          const bound = state.enabled ? bindIfInFrame(callback) : callback;
          // One- and two-argument calls (nearly all) go to the platform directly:
          // SpiderMonkey builds the arguments object for a write to it or for
          // Reflect.apply, about 1 µs per timer in Firefox (measured). Written out,
          // not `call()`, which passes three: a timer hands extra arguments to the
          // callback. Other arities keep their exact argument count.
          if (original.call === platformCall) {
            if (args.length === 1) return original.call(this, bound);
            if (args.length === 2) return original.call(this, bound, delay);
          }
          args[0] = bound; // with none, the count stays 0
          return apply(original, this, args);
        },
      }).scheduleInFrame,
  );
}
