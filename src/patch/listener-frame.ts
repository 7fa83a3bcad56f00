import { Frame } from '../core/frame.js';
import { isRequestTarget } from '../host/xhr.js';
import { currentFrame, type FrameSource } from '../seam/seam.js';
import { sendFrameOf } from './xhr.js';

/**
 * Where a listener (or `on*` handler) registered now on `target` runs: the
 * frame now ('registration'), or (XHR under 'dispatch') a function asked at
 * each dispatch. Undefined: the listener needs no wrapper, it runs where the
 * platform calls it (the dispatcher's frame, the empty frame for events from outside).
 */
export function listenerFrameSource(target: object, dispatch: boolean): FrameSource | undefined {
  if (!dispatch) return currentFrame();
  return isRequestTarget(target) ? () => sendFrameOf(target) ?? Frame.EMPTY : undefined;
}
