import { copyNameAndLength } from '../core/function-shape.js';

// Safe, undoable replacement of a platform property. Undo puts back exactly
// what was there, unless someone replaced it again after us: then their
// wrapper must keep working, so ours only stops doing anything (`on` false).

/** Shared with the replacement: when `on` is false it must only call the original. */
export interface PatchState {
  on: boolean;
  /**
   * Set by an accessor replacement that must outlive undo, as a pass-through
   * (an `on*` property that may still hold one of our wrappers).
   */
  keep?: boolean;
}

export type Undo = () => void;

/**
 * The setters of accessor replacements that outlived their undo (pass-throughs,
 * see PatchState.keep), and their state: the next install turns one back on
 * instead of wrapping it in another layer.
 */
const passThroughs = new WeakMap<object, PatchState>();

function restore(target: object, key: PropertyKey, own: PropertyDescriptor | undefined): void {
  if (own) Object.defineProperty(target, key, own);
  else delete (target as Record<PropertyKey, unknown>)[key];
}

/**
 * Replaces the value at `target[key]` (a method, a function, a constructor)
 * with `make(original, state)`, given the original's `name` and `length`:
 * a replacement looks like what it replaces. Returns undefined when there
 * is nothing to replace.
 */
export function replaceValue<T>(
  target: object,
  key: PropertyKey,
  make: (original: T, state: PatchState) => T,
): Undo | undefined {
  const original = (target as Record<PropertyKey, unknown>)[key] as T;
  if (typeof original !== 'function') return undefined;
  const own = Object.getOwnPropertyDescriptor(target, key);
  const state: PatchState = { on: true };
  const replacement = copyNameAndLength(make(original, state) as object, original as object) as T;
  Object.defineProperty(target, key, {
    value: replacement,
    writable: own?.writable ?? true,
    enumerable: own?.enumerable ?? false,
    configurable: true,
  });
  return () => {
    if ((target as Record<PropertyKey, unknown>)[key] === replacement) restore(target, key, own);
    state.on = false;
  };
}

/**
 * Replaces the accessor `key` found on `target` itself (an `on*` event
 * handler property) with `make(original, state)`'s getter and setter, each
 * given the `name` and `length` of the one it replaces.
 */
export function replaceAccessor(
  target: object,
  key: PropertyKey,
  make: (original: PropertyDescriptor, state: PatchState) => Required<Pick<PropertyDescriptor, 'get' | 'set'>>,
): Undo | undefined {
  const own = Object.getOwnPropertyDescriptor(target, key);
  // Our pass-through from an earlier install: turned back on, never wrapped in another layer.
  const kept = own?.set && passThroughs.get(own.set);
  if (kept) {
    kept.on = true;
    return () => void (kept.on = false);
  }
  if (!own?.set || !own.get || !own.configurable) return undefined;
  const state: PatchState = { on: true };
  const made = make(own, state);
  const get = copyNameAndLength(made.get, own.get);
  const set = copyNameAndLength(made.set, own.set);
  Object.defineProperty(target, key, { get, set, enumerable: own.enumerable, configurable: true });
  return () => {
    if (state.keep) passThroughs.set(set, state);
    else if (Object.getOwnPropertyDescriptor(target, key)?.set === set) restore(target, key, own);
    state.on = false;
  };
}
