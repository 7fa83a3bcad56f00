import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';

/** The part of an engine's own `AsyncContext.Variable` that the backend uses. */
interface NativeVariable<T> {
  get(): T | undefined;
  run<R>(value: T, fn: (...args: never) => R, ...args: unknown[]): R;
}
type NativeVariableClass = new <T>(options?: { name?: string }) => NativeVariable<T>;

/** A frame holder: the proposal has no `enterWith`, so `enter` rewrites the holder of the current `run`. */
interface Holder {
  frame: Frame;
}

/**
 * The engine's own AsyncContext, if it has one. Only a built-in counts: a
 * polyfill on `globalThis` (ours included) would carry nothing further than
 * the patch layer does.
 */
export function findNativeAsyncContext(): NativeVariableClass | undefined {
  const candidate = (globalThis as { AsyncContext?: { Variable?: unknown } }).AsyncContext?.Variable;
  if (typeof candidate !== 'function') return undefined;
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(candidate))
    ? (candidate as NativeVariableClass)
    : undefined;
}

export function createNativeBackend(Variable: NativeVariableClass): Backend {
  const variable = new Variable<Holder>({ name: 'taskcontext' });
  const top: Holder = { frame: Frame.EMPTY };
  const { apply } = Reflect;
  return {
    name: 'native',
    current: () => (variable.get() ?? top).frame,
    run: (frame, fn, thisArg, args) => variable.run({ frame }, apply, fn, thisArg, args),
    enter(frame) {
      (variable.get() ?? top).frame = frame;
    },
  };
}
