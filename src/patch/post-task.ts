import { patchCallbackArgument } from './callback-argument.js';
import { applied, type Patch } from './patch.js';

/** scheduler.postTask callbacks run in the frame of the call. */
export const patchPostTask: Patch = () => {
  const scheduler = (globalThis as { scheduler?: object }).scheduler;
  // The method lives on Scheduler.prototype; patch it there, where it is found.
  const holder = scheduler && Object.getPrototypeOf(scheduler);
  return applied(patchCallbackArgument(holder ?? undefined, 'postTask'));
};
