// The classes under test. By default taskcontext's, imported as the contract
// suite imports them (the Node and Bun bundles load them from dist/ through the
// package's exports). With NODE_PARITY_SUBJECT=platform in the environment the
// same tests run against the runtime's own classes from node:async_hooks: that
// is how each test was checked against Node's class first, and how Bun's and
// Deno's classes are compared (see README.md).
import * as asyncHooks from 'node:async_hooks';
import { AsyncLocalStorage as OurAsyncLocalStorage, AsyncResource as OurAsyncResource } from '../../src/index.js';

const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};

/** 'platform' when the suite runs against node:async_hooks' own classes, else 'taskcontext'. */
export const subject: 'taskcontext' | 'platform' = env.NODE_PARITY_SUBJECT === 'platform' ? 'platform' : 'taskcontext';

/** The AsyncLocalStorage under test, typed as ours (Node's has the same API). */
export const AsyncLocalStorage: typeof OurAsyncLocalStorage =
  subject === 'platform' ? (asyncHooks.AsyncLocalStorage as unknown as typeof OurAsyncLocalStorage) : OurAsyncLocalStorage;

/** The AsyncResource under test, typed as ours (Node's has the same API). */
export const AsyncResource: typeof OurAsyncResource =
  subject === 'platform' ? (asyncHooks.AsyncResource as unknown as typeof OurAsyncResource) : OurAsyncResource;
