import type { Backend, BackendName } from '../core/backend.js';
import { describe } from '../core/checks.js';
import { ContextError } from '../core/errors.js';
import { createAlsBackend, findAsyncLocalStorage } from './als.js';
import { createNativeBackend, findNativeAsyncContext } from './native.js';
import { patchBackend } from './patch.js';

const NAMES: readonly BackendName[] = ['native', 'als', 'patch'];
const made = new Map<BackendName, Backend>();

/** The backend called `name` if this runtime can have it, made once. */
function availableBackend(name: BackendName): Backend | undefined {
  let made_ = made.get(name);
  if (made_) return made_;
  if (name === 'native') {
    const Variable = findNativeAsyncContext();
    made_ = Variable && createNativeBackend(Variable);
  } else if (name === 'als') {
    const Storage = findAsyncLocalStorage();
    made_ = Storage && createAlsBackend(Storage);
  } else {
    made_ = patchBackend;
  }
  if (made_) made.set(name, made_);
  return made_;
}

/** The backend in use. A live binding: `useBackend` replaces it. */
export let active: Backend = NAMES.map(availableBackend).find((b) => b !== undefined) ?? patchBackend;

/** Forces a backend; throws a ContextError if this runtime has no such backend. */
export function useBackendByName(name: unknown): void {
  if (typeof name !== 'string' || !(NAMES as readonly string[]).includes(name)) {
    throw new TypeError(`useBackend: expected one of ${NAMES.map((n) => `'${n}'`).join(', ')}, got ${describe(name)}`);
  }
  const chosen = availableBackend(name as BackendName);
  if (!chosen) {
    throw new ContextError(`useBackend: the '${name}' backend is not available in this runtime`);
  }
  active = chosen;
}
