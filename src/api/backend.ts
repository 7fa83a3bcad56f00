import type { BackendName } from '../core/backend.js';
import { backendName, switchBackend } from '../seam/seam.js';

/**
 * Which backend carries context here: `'native'` (the engine's own
 * AsyncContext), `'als'` (AsyncLocalStorage: Node, Bun, Deno, workerd) or
 * `'patch'` (the patch layer: browsers and workers, after `install()`).
 */
export function backend(): BackendName {
  return backendName();
}

/**
 * Forces a backend, for example `'patch'` to test the patch layer on Node.
 * Call it at start-up: values set under the previous backend are not carried
 * over. Throws a ContextError if this runtime has no such backend.
 */
export function useBackend(name: BackendName): void {
  switchBackend(name);
}
