import type { Backend, BackendName } from '../core/backend.js';
import { expected } from '../core/checks.js';
import { ContextError } from '../core/errors.js';
import { server } from '../host/server.js';
import { createAlsBackend } from './als.js';
import { createNativeBackend } from './native.js';
import { patchLayerBackend } from './patch-layer.js';
import { unreachableAlsBackend } from './unreachable-als.js';

/**
 * The backends made so far. One this runtime lacks stays undefined, and is
 * looked for again when asked. No prototype: nothing put on Object.prototype
 * may pass for a backend.
 */
const made: { [N in BackendName]?: Backend | undefined } = Object.create(null);

function alsBackend(): Backend | undefined {
  // A test of `server` alone: where it is the constant undefined (the <script> bundles), the bundler drops the server code.
  if (server === undefined) return undefined;
  const Storage = server.asyncHooks?.AsyncLocalStorage;
  return Storage && createAlsBackend(Storage);
}

/** The backend called `name` if this runtime can have it, made once. */
function availableBackend(name: BackendName): Backend | undefined {
  return (made[name] ??= name === 'native' ? createNativeBackend() : name === 'als' ? alsBackend() : patchLayerBackend);
}

/** The first backend this runtime has; a server runtime never falls back to the patch layer in silence. */
function chooseBackend(): Backend {
  if (server === undefined) return availableBackend('native') ?? patchLayerBackend;
  return availableBackend('native') ?? availableBackend('als') ?? unreachableAlsBackend(server.name);
}

/** The backend in use. A live binding: `useBackend` replaces it. Read only by src/seam/. */
export let active: Backend = chooseBackend();

/** Forces a backend; throws a TypeError for an unknown name, a ContextError if this runtime has no such backend. */
export function useBackendByName(name: unknown): void {
  if (name !== 'native' && name !== 'als' && name !== 'patch') expected('useBackend', "'native', 'als' or 'patch'", name);
  const chosen = availableBackend(name);
  if (!chosen) throw new ContextError(`useBackend: no '${name}' backend in this runtime`);
  active = chosen;
}
