import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/** setTimeout, setInterval (every tick) and setImmediate run in the frame of the call. */
export const patchTimers: Patch = () =>
  applied(
    patchCallbackArgument(globalThis, 'setTimeout'),
    patchCallbackArgument(globalThis, 'setInterval'),
    patchCallbackArgument(globalThis, 'setImmediate'),
  );
