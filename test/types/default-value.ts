/**
 * Type tests, checked by `npm run typecheck` (test/tsconfig.json includes
 * this folder): a `defaultValue` narrows what `get()`/`getStore()` return.
 * Every `@ts-expect-error` fails the check if its line stops being an error.
 */
import { AsyncContext, AsyncLocalStorage, Variable } from '../../src/index.js';

// Variable: inferred from the default, or given explicitly.
export const inferred: number = new Variable({ defaultValue: 5 }).get();
export const explicit: string = new AsyncContext.Variable<string>({ defaultValue: 'anonymous', name: 'user' }).get();
export const undefinedDefault: string | undefined = new Variable<string | undefined>({ defaultValue: undefined }).get();

// No default: get() may return undefined.
// @ts-expect-error get() is string | undefined without a defaultValue
export const noDefault: string = new Variable<string>().get();
// @ts-expect-error options without defaultValue leave undefined possible
export const nameOnly: string = new Variable<string>({ name: 'x' }).get();
// @ts-expect-error the default must be a T
new Variable<string>({ defaultValue: 5 });

// Both kinds are a Variable<T> (D defaults to T | undefined).
export const asPlain: Variable<number> = new Variable({ defaultValue: 1 });
export const asNamespaced: AsyncContext.Variable<number> = new Variable<number>();
export const asNarrow: AsyncContext.Variable<number, number> = new Variable({ defaultValue: 1 });
// @ts-expect-error a Variable without a default is not one whose get() is always a number
export const wrongNarrow: Variable<number, number> = new Variable<number>();
export const isInstance: boolean = (null as unknown) instanceof Variable;

// AsyncLocalStorage: the same rules for getStore().
export const store: number = new AsyncLocalStorage({ defaultValue: 0 }).getStore();
export const explicitStore: { id: string } = new AsyncLocalStorage<{ id: string }>({ defaultValue: { id: '' } }).getStore();
// @ts-expect-error getStore() is T | undefined without a defaultValue
export const noStore: number = new AsyncLocalStorage<number>().getStore();
// @ts-expect-error options without defaultValue leave undefined possible
export const namedStore: number = new AsyncLocalStorage<number>({ name: 'n' }).getStore();
export const storage: AsyncLocalStorage<number> = new AsyncLocalStorage({ defaultValue: 1 });
// The statics are still there.
export const bound: () => number = AsyncLocalStorage.bind(() => 1);
export const runner = AsyncLocalStorage.snapshot();
