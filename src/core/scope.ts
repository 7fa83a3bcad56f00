import type { Backend } from './backend.js';
import type { Frame } from './frame.js';

// How `Variable.run` and `AsyncLocalStorage.run`/`exit` run their callback.
// Tasks (./task.ts) make it keep `Context` writes made inside; a bundle
// without tasks (the core UMD bundle: no Context, no runTask) never loads
// them, and a scope is a plain run.

export type ScopeRunner = <R>(
  backend: Backend,
  outer: Frame,
  entered: Frame,
  fn: (...args: never) => R,
  thisArg: unknown,
  args: ArrayLike<unknown>,
) => R;

let runner: ScopeRunner = (backend, _outer, entered, fn, thisArg, args) => backend.run(entered, fn, thisArg, args);

/** Runs `fn` in `entered`, the current frame `outer` with a Variable or a storage changed. */
export const runInScope: ScopeRunner = (backend, outer, entered, fn, thisArg, args) =>
  runner(backend, outer, entered, fn, thisArg, args);

export function setScopeRunner(taskAware: ScopeRunner): void {
  runner = taskAware;
}
