import { active } from '../backends/active.js';
import { Frame } from '../core/frame.js';
import { bindToFrame1 } from './bind.js';
import { replaceValue } from './instrument.js';
import { applied, type Patch } from './patch.js';

type Then = (this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) => Promise<unknown>;

/**
 * `.then` callbacks run in the frame where `.then` was called. `catch`,
 * `finally`, `Promise.all/race/any/allSettled` and thenable adoption all go
 * through `then`, so they follow. The global `Promise` is not replaced.
 */
export const patchPromise: Patch = () =>
  applied(
    replaceValue<Then>(Promise.prototype, 'then', (original, state) =>
      function then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
        // Every .then pays for this: one frame read, and wrappers only where a frame must travel.
        const frame = state.on ? active.current() : Frame.EMPTY;
        if (frame !== Frame.EMPTY) {
          // A reaction is always called with exactly one argument.
          if (typeof onFulfilled === 'function') onFulfilled = bindToFrame1(onFulfilled as () => unknown, frame);
          if (typeof onRejected === 'function') onRejected = bindToFrame1(onRejected as () => unknown, frame);
        }
        return original.call(this, onFulfilled, onRejected);
      },
    ),
  );
