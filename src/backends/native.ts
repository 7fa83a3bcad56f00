import type { Backend } from '../core/backend.js';
import type { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';
import { isNativeFunction } from '../core/native-function.js';
import { createRunOnlyBackend } from './run-only.js';

/** The part of an engine's own `AsyncContext.Variable` that the backend uses. */
interface NativeVariable<T> {
  get(): T | undefined;
  run<R>(value: T, fn: (...args: never) => R, ...args: unknown[]): R;
}
type NativeVariableClass = new <T>(options?: { name?: string }) => NativeVariable<T>;

/**
 * The engine's own AsyncContext, if it has one. Only a built-in counts: a
 * polyfill on `globalThis` (ours included) would carry nothing further than
 * the patch layer does.
 */
export function findNativeAsyncContext(): NativeVariableClass | undefined {
  const candidate = (globalThis as { AsyncContext?: { Variable?: unknown } }).AsyncContext?.Variable;
  return isNativeFunction(candidate) ? (candidate as NativeVariableClass) : undefined;
}

/** The proposal has no `enterWith`: the engine propagates the frame itself (see run-only.ts). */
export function createNativeBackend(Variable: NativeVariableClass): Backend {
  const variable = new Variable<Frame>();
  return createRunOnlyBackend(
    'native',
    () => variable.get(),
    (frame, fn, thisArg, args) => variable.run(frame, apply, fn, thisArg, args),
  );
}
