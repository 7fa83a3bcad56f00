import { active } from '../backends/active.js';
import { Frame } from '../core/frame.js';
import type { EventPolicy } from './patch.js';
import { isRequestTarget, sendFrameOf } from './xhr.js';

/**
 * Where a listener (or `on*` handler) registered now on `target` runs, asked
 * at each dispatch. Undefined: the listener needs no wrapper, it runs where
 * the platform calls it (the dispatcher's frame, the empty frame for events
 * from outside).
 */
export function listenerFrameSource(target: object, policy: EventPolicy): (() => Frame) | undefined {
  if (policy === 'registration') {
    const frame = active.current();
    return () => frame;
  }
  return isRequestTarget(target) ? () => sendFrameOf(target) ?? Frame.EMPTY : undefined;
}
