import { active } from '../backends/active.js';
import type { Frame } from '../core/frame.js';
import { replaceValue } from './instrument.js';
import { applied, type Patch } from './patch.js';
import { apply } from '../core/intrinsics.js';

// Under the 'dispatch' policy an XMLHttpRequest's events (and its upload's)
// run in the frame where send() was called, as the TC39 web integration says.

const sendFrames = new WeakMap<object, Frame>();

/** The frame of the last send() of the request `target` belongs to, if any. */
export function sendFrameOf(target: object): Frame | undefined {
  return sendFrames.get(target);
}

/** Whether `target` is an XMLHttpRequest or its upload: its events follow send(). */
export function isRequestTarget(target: object): boolean {
  const g = globalThis as { XMLHttpRequest?: new () => object; XMLHttpRequestUpload?: new () => object };
  return (
    (typeof g.XMLHttpRequest === 'function' && target instanceof g.XMLHttpRequest) ||
    (typeof g.XMLHttpRequestUpload === 'function' && target instanceof g.XMLHttpRequestUpload)
  );
}

type Send = (this: XMLHttpRequest, body?: unknown) => void;

export const patchXhr: Patch = ({ events }) => {
  const XHR = (globalThis as { XMLHttpRequest?: { prototype: object } }).XMLHttpRequest;
  if (events !== 'dispatch' || !XHR) return [];
  return applied(
    replaceValue<Send>(XHR.prototype, 'send', (original, state) =>
      function send(this: XMLHttpRequest) {
        if (state.on) {
          const frame = active.current();
          sendFrames.set(this, frame);
          sendFrames.set(this.upload, frame);
        }
        // eslint-disable-next-line prefer-rest-params
        return apply(original, this, arguments);
      },
    ),
  );
};
