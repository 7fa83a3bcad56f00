// The Node builds (the package's `node` export condition: Node, Bun and Deno
// read it) import `node:async_hooks`, which every Node since 20.0 has;
// `process.getBuiltinModule` only arrived in 20.16.
// @ts-ignore: the library's own types never load @types/node (the tests' do)
import * as asyncHooks from 'node:async_hooks';
import type { AsyncHooks } from './async-hooks.js';
import { describeServer, type ServerHost } from './describe-server.js';

/** The server runtime this is: detected once, when the library loads. */
export const server: ServerHost | undefined = describeServer(() => asyncHooks as AsyncHooks);
