import type { Backend, BackendName } from '../core/backend.js';
import { expected } from '../core/checks.js';
import { ContextError } from '../core/errors.js';
import { createAlsBackend, findAsyncLocalStorage } from './als.js';
import { createNativeBackend, findNativeAsyncContext } from './native.js';
import { patchBackend } from './patch.js';
import { serverRuntimeName, unreachableAlsBackend } from './server-runtime.js';

const NAMES: readonly BackendName[] = ['native', 'als', 'patch'];
/**
 * The backends made so far. One this runtime lacks stays undefined, and is
 * looked for again when asked. No prototype: nothing put on Object.prototype
 * may pass for a backend.
 */
const made: { [N in BackendName]?: Backend | undefined } = Object.create(null);

function nativeBackend(): Backend | undefined {
  const Variable = findNativeAsyncContext();
  return Variable && createNativeBackend(Variable);
}

function alsBackend(): Backend | undefined {
  const Storage = findAsyncLocalStorage();
  return Storage && createAlsBackend(Storage);
}

/** The backend called `name` if this runtime can have it, made once. */
function availableBackend(name: BackendName): Backend | undefined {
  return (made[name] ??= name === 'native' ? nativeBackend() : name === 'als' ? alsBackend() : patchBackend);
}

/** The first backend this runtime has; a server runtime never falls back to the patch layer in silence. */
function chooseBackend(): Backend {
  const found = availableBackend('native') ?? availableBackend('als');
  if (found) return found;
  const server = serverRuntimeName();
  return server === undefined ? patchBackend : unreachableAlsBackend(server);
}

/** The backend in use. A live binding: `useBackend` replaces it. */
export let active: Backend = chooseBackend();

/** Forces a backend; throws a ContextError if this runtime has no such backend. */
export function useBackendByName(name: unknown): void {
  if (typeof name !== 'string' || !(NAMES as readonly string[]).includes(name)) {
    expected('useBackend', "'native', 'als' or 'patch'", name);
  }
  const chosen = availableBackend(name as BackendName);
  if (!chosen) {
    throw new ContextError(`useBackend: the '${name}' backend is not available in this runtime`);
  }
  active = chosen;
}
