import type * as TaskContextModule from '../src/index.js';

/** What e2e pages put on `window`: the UMD global, and the harness's Variable `v`. */
export type HarnessWindow = Window &
  typeof globalThis & {
    TaskContext: typeof TaskContextModule;
    /** A Variable whose default is 'empty', so `get()` is always a string. */
    v: { get(): string; run<R>(value: string, fn: () => R): R };
    log: unknown[];
  };
