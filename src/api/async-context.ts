import { setToStringTag } from '../core/to-string-tag.js';
import { Snapshot } from './snapshot.js';
import { Variable } from './variable.js';

/**
 * The TC39 `AsyncContext` namespace, backed by taskcontext. Shaped as the
 * proposal's global object: `Variable` and `Snapshot` are writable,
 * configurable and not enumerable, and `@@toStringTag` is `'AsyncContext'`.
 * To define the global, import `taskcontext/polyfill`.
 */
export const AsyncContext: { readonly Variable: typeof Variable; readonly Snapshot: typeof Snapshot } = Object.defineProperties(
  {} as { readonly Variable: typeof Variable; readonly Snapshot: typeof Snapshot },
  {
    // As every built-in data property (ECMA-262 clause 17): writable, configurable, not enumerable.
    Variable: { value: Variable, writable: true, configurable: true },
    Snapshot: { value: Snapshot, writable: true, configurable: true },
  },
);
setToStringTag(AsyncContext, 'AsyncContext');

// The types under the namespace, so that `AsyncContext.Variable<T>` works as a type too.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace AsyncContext {
  type Variable<T = unknown, D = T | undefined> = import('./variable.js').Variable<T, D>;
  type Snapshot = import('./snapshot.js').Snapshot;
}
