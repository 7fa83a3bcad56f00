import { installing, policy, record, takeBack, type Policy } from '../instrument/ledger.js';
import { patchAwaitHook } from './await-scope.js';
import { patchEventHandlers } from './event-handlers.js';
import { patchEventListeners } from './event-listeners.js';
import { patchFinalizationRegistry } from './finalization-registry.js';
import { patchMicrotask } from './microtask.js';
import { patchObservers } from './observers.js';
import type { PlatformPatch } from './platform-patch.js';
import { patchPostTask } from './post-task.js';
import { patchPromise } from './promise.js';
import { patchTimers } from './timers.js';
import { patchXhr } from './xhr.js';

/** Every platform API the layer covers; each one skips itself where the API is missing. */
const PATCHES: readonly PlatformPatch[] = [
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

/** Installs the patch layer with the event policy `next`, into the ledger; a no-op when it is installed so already. */
export function installPatches(next: Policy): void {
  if (policy === next) return;
  takeBack('install');
  installing(next);
  for (const patch of PATCHES) record('install', patch(next === 'dispatch'));
}
