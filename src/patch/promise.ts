import { bindCallback } from './bind.js';
import { replaceValue } from './instrument.js';
import { applied, type Patch } from './patch.js';
import { copyNameAndLength } from '../core/function-shape.js';

type Then = (this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) => Promise<unknown>;

/**
 * `.then` callbacks run in the frame where `.then` was called. `catch`,
 * `finally`, `Promise.all/race/any/allSettled` and thenable adoption all go
 * through `then`, so they follow. The global `Promise` is not replaced.
 */
export const patchPromise: Patch = () =>
  applied(
    replaceValue<Then>(Promise.prototype, 'then', (original, state) =>
      copyNameAndLength(function then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
        if (state.on) {
          // A reaction is always called with exactly one argument.
          onFulfilled = bindCallback(onFulfilled, true);
          onRejected = bindCallback(onRejected, true);
        }
        return original.call(this, onFulfilled, onRejected);
      }, original),
    ),
  );
