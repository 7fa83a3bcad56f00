import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/** queueMicrotask callbacks run in the frame of the call. */
export const patchMicrotask: Patch = () => applied(patchCallbackArgument(globalThis, 'queueMicrotask'));
