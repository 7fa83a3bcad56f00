// Shared helpers for the contract suite. Runtime-neutral: no `node:` imports,
// no `process`, no `setImmediate`, so these files also run in browsers, Bun and Deno.
import { it } from 'vitest';
import { backend } from '../../src/index.js';

/** Resolves after a macrotask (a `setTimeout` hop), every backend carries it. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `fn` in a `setTimeout` callback scheduled now; resolves with what it returns. */
export function later<T>(fn: () => T, ms = 0): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }, ms),
  );
}

/** Calls `fn` in a `queueMicrotask` callback scheduled now; resolves with what it returns. */
export function microtask<T>(fn: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    queueMicrotask(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

/** Defined by test/portable/bundle.ts: true in bundles built through the taskcontext/rollup plugin. */
declare const __TASKCONTEXT_AWAIT_PLUGIN__: boolean | undefined;

/**
 * Whether code after an `await` runs in the frame of the `await`. True on the
 * `native` and `als` backends, and on the patch layer for code built with the
 * taskcontext/rollup plugin (the browser bundles of this suite); the patch
 * layer alone only carries `.then` callbacks and timers.
 */
export const awaitCarries: boolean =
  backend() !== 'patch' || (typeof __TASKCONTEXT_AWAIT_PLUGIN__ !== 'undefined' && __TASKCONTEXT_AWAIT_PLUGIN__);

/** The error `fn` throws (fails the test if it returns normally). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned normally');
}

/** Cloudflare's workerd: its AsyncLocalStorage has no `enterWith`, so ours has none there either. */
const onWorkerd = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent === 'Cloudflare-Workers';

/**
 * Where `AsyncLocalStorage.enterWith` works: inside a run everywhere but on
 * workerd; outside any run (a script's top level, a callback scheduled from
 * no frame) only where the runtime itself ends it with the job (the `als`
 * backend). Elsewhere it throws a ContextError that points at `run`.
 */
export const enterWith = {
  inRun: !onWorkerd,
  outsideRun: backend() === 'als' && !onWorkerd,
} as const;
