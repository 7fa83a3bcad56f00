import { active, useBackendByName } from '../backends/active.js';
import type { BackendName } from '../core/backend.js';

/**
 * Which backend carries context here: `'native'` (the engine's own
 * AsyncContext), `'als'` (AsyncLocalStorage: Node, Bun, Deno, workerd) or
 * `'patch'` (the patch layer: browsers and workers, after `install()`).
 */
export function backend(): BackendName {
  return active.name;
}

/**
 * Forces a backend, for example `'patch'` to test the patch layer on Node.
 * Call it at start-up: values set under the previous backend are not carried
 * over. Throws a ContextError if this runtime has no such backend.
 */
export function useBackend(name: BackendName): void {
  useBackendByName(name);
}

/**
 * Whether `Context` writes and `enterWith` stay in the task that made them,
 * as the contract says. True on Node, Bun, Deno and in browsers. False where
 * the runtime's own propagation has no `enterWith` (workerd's
 * AsyncLocalStorage, an engine's built-in AsyncContext): there a write is
 * also seen by callbacks and `await` continuations scheduled earlier inside
 * the same `run` (the same request), never outside it.
 */
export function isolatesTaskWrites(): boolean {
  return active.isolatesWrites;
}
