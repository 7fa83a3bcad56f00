import type { AsyncHooks } from './async-hooks.js';
import { describeServer, type ServerHost } from './describe-server.js';

// The host as one build for every runtime sees it: `node:async_hooks` is
// found at run time, so that a bundler never sees a `node:` import. The Node
// builds (the package's `node` condition) use ./server.node.ts, which imports
// it and so also serves Node before 20.16 (no process.getBuiltinModule); the
// <script> bundles use ./server.browser.ts.

interface NodeLikeGlobal {
  process?: { getBuiltinModule?: (id: string) => AsyncHooks | undefined };
  AsyncLocalStorage?: AsyncHooks['AsyncLocalStorage'];
}

function findAsyncHooks(): AsyncHooks | undefined {
  const g = globalThis as NodeLikeGlobal;
  const found = g.process?.getBuiltinModule?.('node:async_hooks');
  if (typeof found?.AsyncLocalStorage === 'function') return found;
  // workerd with the nodejs_als flag: a global class, no module lookup.
  return typeof g.AsyncLocalStorage === 'function' ? { AsyncLocalStorage: g.AsyncLocalStorage } : undefined;
}

/** The server runtime this is, or undefined in a browser or a worker: detected once, when the library loads. */
export const server: ServerHost | undefined = describeServer(findAsyncHooks);
