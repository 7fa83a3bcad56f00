import type { AsyncHooks, NodeResourceClass } from './async-hooks.js';
import { serverName, type ServerName } from './server-name.js';

/** A server runtime, and what it offers the library. */
export interface ServerHost {
  readonly name: ServerName;
  /** `node:async_hooks` (on workerd: AsyncLocalStorage only), where it can be reached. */
  readonly asyncHooks: AsyncHooks | undefined;
  /**
   * The runtime's own AsyncResource, which `AsyncResource` extends so that its
   * ids are the ones the runtime's `executionAsyncId()` reports (Node, Bun,
   * Deno; Bun's are all 0, as its `executionAsyncId()`). Undefined on workerd,
   * whose class has no ids and refuses a trigger id.
   */
  readonly asyncResource: NodeResourceClass | undefined;
}

/** This runtime as a server, with `node:async_hooks` as `find` reaches it; undefined in a browser or a worker. */
export function describeServer(find: () => AsyncHooks | undefined): ServerHost | undefined {
  const name = serverName();
  if (name === undefined) return undefined;
  let asyncHooks: AsyncHooks | undefined;
  try {
    asyncHooks = find();
  } catch {
    // A runtime may refuse the lookup (a permission model, a sandbox): none, then.
  }
  const Resource = asyncHooks?.AsyncResource;
  return { name, asyncHooks, asyncResource: name !== 'workerd' && typeof Resource === 'function' ? Resource : undefined };
}
