import { Frame } from '../core/frame.js';
import { call, platformCall } from '../core/intrinsics.js';
import { replaceValue } from '../instrument/instrument.js';
import { bindReaction, currentFrame } from '../seam/seam.js';
import type { PlatformPatch } from './platform-patch.js';

type Then = (this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) => Promise<unknown>;

/**
 * `.then` callbacks run in the frame where `.then` was called. `catch`,
 * `finally`, `Promise.all/race/any/allSettled` and thenable adoption all go
 * through `then`, so they follow. The global `Promise` is not replaced.
 */
export const patchPromise: PlatformPatch = () => [
  replaceValue<Then>(
    Promise.prototype,
    'then',
    (original, state) =>
      // A method, as the platform's: not a constructor, no `prototype` (see instrument.ts).
      ({
        then(this: Promise<unknown>, onFulfilled?: unknown, onRejected?: unknown) {
          // Every .then pays for this: one frame read, and wrappers only where a frame must travel.
          const frame = state.enabled ? currentFrame() : Frame.EMPTY;
          if (frame !== Frame.EMPTY) {
            // A reaction is always called with exactly one argument.
            if (typeof onFulfilled === 'function') onFulfilled = bindReaction(onFulfilled as () => unknown, frame);
            if (typeof onRejected === 'function') onRejected = bindReaction(onRejected as () => unknown, frame);
          }
          // Written out, not call() alone: through that shared helper SpiderMonkey ran .then 1.1x slower (see intrinsics.ts).
          return original.call === platformCall ? original.call(this, onFulfilled, onRejected) : call(original, this, onFulfilled, onRejected);
        },
      }).then,
  ),
];
