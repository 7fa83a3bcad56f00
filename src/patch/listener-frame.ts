import { active } from '../backends/active.js';
import { Frame } from '../core/frame.js';
import type { EventPolicy } from './patch.js';
import { isRequestTarget, sendFrameOf } from './xhr.js';

/** A frame, or how to find it at each dispatch. */
export type FrameSource = Frame | (() => Frame);

/**
 * Where a listener (or `on*` handler) registered now on `target` runs: the
 * frame now, or (XHR under 'dispatch') a function asked at each dispatch.
 * Undefined: the listener needs no wrapper, it runs where the platform calls
 * it (the dispatcher's frame, the empty frame for events from outside).
 */
export function listenerFrameSource(target: object, policy: EventPolicy): FrameSource | undefined {
  if (policy === 'registration') return active.current();
  return isRequestTarget(target) ? () => sendFrameOf(target) ?? Frame.EMPTY : undefined;
}

/** The frame a source gives now. */
export function frameOf(source: FrameSource): Frame {
  return typeof source === 'function' ? source() : source;
}
