// The parts of `node:async_hooks` the library uses, as types: the module
// itself is reached by ./server.ts (at run time) or ./server.node.ts (imported).

/** Node's AsyncLocalStorage, as the `als` backend uses it. */
export interface NodeStorage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: (...args: never) => R, ...args: unknown[]): R;
  enterWith(store: T): void;
  disable?(): void;
}
export type NodeStorageClass = new <T>() => NodeStorage<T>;

/** Node's AsyncResource, as `AsyncResource` uses it. */
export interface NodeResource {
  runInAsyncScope(fn: (...args: never) => unknown, thisArg: unknown, ...args: unknown[]): unknown;
  asyncId(): number;
  triggerAsyncId(): number;
  emitDestroy(): unknown;
}
export type NodeResourceClass = new (type: string, options?: object | number) => NodeResource;

export interface AsyncHooks {
  AsyncLocalStorage?: NodeStorageClass;
  AsyncResource?: NodeResourceClass;
  executionAsyncId?: () => number;
  triggerAsyncId?: () => number;
}
