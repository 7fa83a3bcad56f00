import { patchCallbackArgument } from './callback-argument.js';
import type { PlatformPatch } from './platform-patch.js';

/**
 * The global schedulers whose first argument is a callback: setTimeout,
 * setInterval (every tick), setImmediate, requestAnimationFrame and
 * requestIdleCallback callbacks run in the frame of the call.
 */
export const patchTimers: PlatformPatch = () =>
  ['setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame', 'requestIdleCallback'].map((name) =>
    patchCallbackArgument(globalThis, name),
  );
