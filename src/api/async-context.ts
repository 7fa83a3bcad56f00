import { setToStringTag } from '../core/to-string-tag.js';
import { Snapshot } from './snapshot.js';
import { Variable } from './variable.js';

/**
 * The TC39 `AsyncContext` namespace, backed by taskcontext. Usable as a
 * polyfill: `globalThis.AsyncContext ??= AsyncContext`.
 */
export const AsyncContext: { readonly Variable: typeof Variable; readonly Snapshot: typeof Snapshot } = {
  Variable,
  Snapshot,
};
setToStringTag(AsyncContext, 'AsyncContext');

// The types under the namespace, so that `AsyncContext.Variable<T>` works as a type too.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace AsyncContext {
  type Variable<T = unknown, D = T | undefined> = import('./variable.js').Variable<T, D>;
  type Snapshot = import('./snapshot.js').Snapshot;
}
