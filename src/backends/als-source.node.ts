// The Node builds (the package's `node` export condition: Node, Bun and Deno
// read it) import AsyncLocalStorage directly, which every Node release since
// 20.0 has; `process.getBuiltinModule` only arrived in 20.16.
// @ts-ignore: the library's own types never load @types/node (the tests' do)
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NodeStorageClass } from './als.js';

export function findAsyncLocalStorage(): NodeStorageClass | undefined {
  return AsyncLocalStorage as NodeStorageClass;
}
