import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';

/** The part of Node's AsyncLocalStorage that the backend uses. */
interface NodeStorage {
  getStore(): Frame | undefined;
  run<R>(store: Frame, fn: (...args: never) => R, ...args: unknown[]): R;
  enterWith(store: Frame): void;
}
type NodeStorageClass = new () => NodeStorage;

interface NodeLikeGlobal {
  process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: NodeStorageClass } | undefined };
  AsyncLocalStorage?: NodeStorageClass;
}

/**
 * Finds AsyncLocalStorage at run time, so that one build serves Node, Bun,
 * Deno and workerd and a bundler never sees a `node:` import.
 */
export function findAsyncLocalStorage(): NodeStorageClass | undefined {
  const g = globalThis as NodeLikeGlobal;
  try {
    const found = g.process?.getBuiltinModule?.('node:async_hooks')?.AsyncLocalStorage;
    if (typeof found === 'function') return found;
  } catch {
    // A runtime may refuse the lookup (a permission model, a sandbox): fall through.
  }
  return typeof g.AsyncLocalStorage === 'function' ? g.AsyncLocalStorage : undefined;
}

/** A backend that keeps the whole frame as the store of one AsyncLocalStorage. */
export function createAlsBackend(Storage: NodeStorageClass): Backend {
  const storage = new Storage();
  const { apply } = Reflect;
  return {
    name: 'als',
    current: () => storage.getStore() ?? Frame.EMPTY,
    run(frame, fn, thisArg, args) {
      if (storage.getStore() === frame) {
        // Node's run() skips its restore when the store is already current, so a
        // write inside would escape; restore it ourselves.
        try {
          return apply(fn, thisArg, args);
        } finally {
          if (storage.getStore() !== frame) storage.enterWith(frame);
        }
      }
      return storage.run(frame, apply, fn, thisArg, args);
    },
    enter(frame) {
      storage.enterWith(frame);
    },
  };
}
