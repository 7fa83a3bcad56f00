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
      function scheduleInFrame(this: unknown, callback: unknown) {
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        if (state.on) args[0] = bindCallback(callback);
        return apply(original, this, args);
      },
      original,
    ),
  );
}
