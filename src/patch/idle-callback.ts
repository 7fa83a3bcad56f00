import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/** requestIdleCallback callbacks run in the frame of the call. */
export const patchIdleCallback: Patch = () => applied(patchCallbackArgument(globalThis, 'requestIdleCallback'));
