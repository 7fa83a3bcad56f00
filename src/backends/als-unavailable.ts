// Stands in for als.ts in the UMD bundles, which are for browsers and web
// workers: they have no AsyncLocalStorage, so the bundle needs no code for it.
// Server runtimes load the ESM or CommonJS builds, which have the real one.
import type { Backend } from '../core/backend.js';

export function findAsyncLocalStorage(): undefined {
  return undefined;
}

export function createAlsBackend(): Backend {
  throw new Error('taskcontext: the UMD bundle has no AsyncLocalStorage backend');
}
