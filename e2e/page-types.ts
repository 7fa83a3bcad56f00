import type * as TaskContextModule from '../src/index.js';

/** What e2e pages put on `window`: the UMD global, and the harness's Variable `v`. */
export type HarnessWindow = Window &
  typeof globalThis & {
    TaskContext: typeof TaskContextModule;
    v: TaskContextModule.Variable<string>;
    log: unknown[];
  };
