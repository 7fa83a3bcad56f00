import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/** requestAnimationFrame callbacks run in the frame of the call. */
export const patchAnimationFrame: Patch = () => applied(patchCallbackArgument(globalThis, 'requestAnimationFrame'));
