import type { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';
import { Request } from '../host/xhr.js';
import { replaceValue } from '../instrument/instrument.js';
import { currentFrame } from '../seam/seam.js';
import type { PlatformPatch } from './platform-patch.js';

// Under the 'dispatch' policy an XMLHttpRequest's events (and its upload's)
// run in the frame where send() was called, as the TC39 web integration says.

const sendFrames = new WeakMap<object, Frame>();

/** The frame of the last send() of the request `target` belongs to, if any. */
export function sendFrameOf(target: object): Frame | undefined {
  return sendFrames.get(target);
}

type Send = (this: XMLHttpRequest, body?: unknown) => void;

export const patchXhr: PlatformPatch = (dispatch) => [
  dispatch && Request
    ? replaceValue<Send>(
        Request.prototype,
        'send',
        (original, state) =>
          ({
            send(this: XMLHttpRequest) {
              if (state.enabled) {
                const frame = currentFrame();
                sendFrames.set(this, frame);
                sendFrames.set(this.upload, frame);
              }
              // eslint-disable-next-line prefer-rest-params
              return apply(original, this, arguments);
            },
          }).send,
      )
    : undefined,
];
