// Shared helpers for the contract suite. Runtime-neutral: no `node:` imports,
// no `process`, no `setImmediate`, so these files also run in browsers, Bun and Deno.
import { it } from 'vitest';
import { backend, isolatesTaskWrites } from '../../src/index.js';

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

/**
 * A test of write isolation between tasks of one `run`: skipped, with the gap
 * named, where the runtime has no `enterWith` (workerd's AsyncLocalStorage,
 * a native AsyncContext) and writes are shared within a run.
 */
export function itIsolated(name: string, fn: () => unknown): void {
  const isolated = isolatesTaskWrites();
  it.skipIf(!isolated)(isolated ? name : `${name} [gap: no enterWith here, writes are shared within a run]`, fn);
}
