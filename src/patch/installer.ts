import { patchAwaitHook } from './await-scope.js';
import { patchEventHandlers } from './event-handlers.js';
import { patchEventListeners } from './event-listeners.js';
import { patchFinalizationRegistry } from './finalization-registry.js';
import type { Undo } from './instrument.js';
import { patchMicrotask } from './microtask.js';
import { patchObservers } from './observers.js';
import type { EventPolicy, Patch, PatchOptions } from './patch.js';
import { patchPostTask } from './post-task.js';
import { patchPromise } from './promise.js';
import { patchTimers } from './timers.js';
import { patchXhr } from './xhr.js';

/** Every platform API the layer covers; each one skips itself where the API is missing. */
const PATCHES: readonly Patch[] = [
  patchPromise,
  patchMicrotask,
  patchTimers,
  patchPostTask,
  patchEventListeners,
  patchEventHandlers,
  patchXhr,
  patchObservers,
  patchFinalizationRegistry,
  patchAwaitHook,
];

let undos: Undo[] | undefined;
let installed: PatchOptions | undefined;

export function installPatches(options: PatchOptions): void {
  if (undos && installed?.events === options.events) return;
  uninstallPatches();
  undos = PATCHES.flatMap((patch) => patch(options));
  installed = options;
}

export function uninstallPatches(): void {
  if (!undos) return;
  // Last in, first out: each undo finds the property as its patch left it.
  for (const undo of undos.reverse()) undo();
  undos = undefined;
  installed = undefined;
}

export function patchedPolicy(): EventPolicy | undefined {
  return installed?.events;
}
