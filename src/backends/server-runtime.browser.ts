// Stands in for server-runtime.ts in the UMD bundles, which are for browsers
// and web workers (they carry no AsyncLocalStorage backend either).
import type { Backend } from '../core/backend.js';

export function serverRuntimeName(): undefined {
  return undefined;
}

export function unreachableAlsBackend(): Backend {
  throw new Error('unreachable');
}
