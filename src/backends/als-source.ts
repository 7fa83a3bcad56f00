import type { NodeStorageClass } from './als.js';

interface NodeLikeGlobal {
  process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: NodeStorageClass } | undefined };
  AsyncLocalStorage?: NodeStorageClass;
}

/**
 * Finds AsyncLocalStorage at run time, so that one build serves Node, Bun,
 * Deno and workerd and a bundler never sees a `node:` import. The Node
 * builds (the package's `node` condition) use ./als-source.node.ts instead,
 * which also serves Node releases without `process.getBuiltinModule` (before 20.16).
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
