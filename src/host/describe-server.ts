import type { AsyncHooks, NodeResourceClass } from './async-hooks.js';
import { serverName, type ServerName } from './server-name.js';

/** A server runtime, and what it offers the library. */
export interface ServerHost {
  readonly name: ServerName;
  /** `node:async_hooks` (on workerd: AsyncLocalStorage only), where it can be reached. */
  readonly asyncHooks: AsyncHooks | undefined;
  /**
   * Node's own AsyncResource: it carries the stores of AsyncLocalStorage
   * instances that are not the library's, and its ids are the ones
   * `async_hooks` reports. Undefined elsewhere: Bun's, Deno's and workerd's
   * are partial (workerd's accepts any trigger id and has no ids).
   */
  readonly nodeAsyncResource: NodeResourceClass | undefined;
}

/** Node's checks the trigger id before it registers anything: a class that accepts -2 is not Node's. */
function isNodesOwn(Resource: NodeResourceClass | undefined): boolean {
  if (typeof Resource !== 'function') return false;
  try {
    new Resource('taskcontext-probe', { triggerAsyncId: -2 });
  } catch (error) {
    return error instanceof RangeError;
  }
  return false;
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
  return { name, asyncHooks, nodeAsyncResource: name === 'Node' && isNodesOwn(Resource) ? Resource : undefined };
}
