import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/**
 * The global schedulers whose first argument is a callback: setTimeout,
 * setInterval (every tick), setImmediate, requestAnimationFrame and
 * requestIdleCallback callbacks run in the frame of the call.
 */
export const patchTimers: Patch = () =>
  applied(
    ...['setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame', 'requestIdleCallback'].map((name) =>
      patchCallbackArgument(globalThis, name),
    ),
  );
