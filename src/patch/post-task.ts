import { patchCallbackArgument } from './callback-argument.js';
import type { PlatformPatch } from './platform-patch.js';

/** scheduler.postTask callbacks run in the frame of the call. */
export const patchPostTask: PlatformPatch = () => {
  const scheduler = (globalThis as { scheduler?: object }).scheduler;
  // The method lives on Scheduler.prototype; patch it there, where it is found.
  return [patchCallbackArgument(scheduler && (Object.getPrototypeOf(scheduler) as object | null), 'postTask')];
};
