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
 * The backend over the engine's own AsyncContext, if it has one. Only a
 * built-in counts: a polyfill on `globalThis` (ours included) would carry
 * nothing further than the patch layer does. The proposal has no
 * `enterWith`: the engine propagates the frame itself (see run-only.ts).
 */
export function createNativeBackend(): Backend | undefined {
  const Variable = (globalThis as { AsyncContext?: { Variable?: unknown } }).AsyncContext?.Variable;
  if (!isNativeFunction(Variable)) return undefined;
  const variable = new (Variable as NativeVariableClass)<Frame>();
  return createRunOnlyBackend(
    'native',
    () => variable.get(),
    (frame, fn, thisArg, args) => variable.run(frame, apply, fn, thisArg, args),
  );
}
