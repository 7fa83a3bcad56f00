import { copyNameAndLength } from '../core/function-shape.js';

// Safe, undoable replacement of a platform property. Undo puts back exactly
// what was there, unless someone replaced it again after us: then their
// wrapper must keep working, so ours only stops doing anything (`enabled` false).

/** One property of a platform object that the library replaced or defined (see ./ledger.ts). */
export interface Change {
  readonly target: object;
  readonly key: PropertyKey;
  /** Puts back what was there; where another library replaced it since, leaves theirs and turns ours into a pass-through. */
  undo(): void;
  /** After `undo`: why the property still holds the library's replacement, if it does. */
  staysBecause?(): string | undefined;
}

/** Shared with the replacement: when `enabled` is false it must only call the original. */
export interface PatchState {
  enabled: boolean;
  /**
   * Set by an accessor replacement that must outlive undo, as a pass-through
   * (an `on*` property that may still hold one of our wrappers).
   */
  outlivesUndo?: boolean;
}

/** Why an `on*` accessor stays a pass-through after uninstall. */
const HOLDS_HANDLER = 'a handler set while installed';

/**
 * Each accessor replacement's setter, and its change: a pass-through that
 * outlived its undo (see PatchState.outlivesUndo) is turned back on by the
 * next install instead of being wrapped in another layer, and stays one change.
 */
const passThroughs = new WeakMap<object, Change & PatchState>();

/** Puts back the property `own` describes, or deletes `key` where there was none. */
export function restore(target: object, key: PropertyKey, own: PropertyDescriptor | undefined): void {
  if (own) Object.defineProperty(target, key, own);
  else delete (target as Record<PropertyKey, unknown>)[key];
}

/** Defines `target[key]` as `value` (writable, configurable, not enumerable, as built-ins are); undo puts back what was there. */
export function defineValue(target: object, key: PropertyKey, value: unknown): Change {
  const own = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { value, writable: true, configurable: true });
  return {
    target,
    key,
    undo: () => {
      if ((target as Record<PropertyKey, unknown>)[key] === value) restore(target, key, own);
    },
  };
}

/**
 * Replaces the value at `target[key]` (a method, a function, a constructor)
 * with `make(original, state)`, given the original's `name` and `length`:
 * a replacement looks like what it replaces. Returns undefined when there
 * is nothing to replace.
 */
export function replaceValue<T>(target: object, key: PropertyKey, make: (original: T, state: PatchState) => T): Change | undefined {
  // The descriptor first: reading the value may run a lazy getter that replaces
  // it (Node's globals do), and undo must put back what was there before.
  const own = Object.getOwnPropertyDescriptor(target, key);
  const original = (target as Record<PropertyKey, unknown>)[key] as T;
  if (typeof original !== 'function') return undefined;
  // The change is also the replacement's state: one object per replacement.
  const change: Change & PatchState = {
    target,
    key,
    enabled: true,
    undo() {
      if ((target as Record<PropertyKey, unknown>)[key] === replacement) restore(target, key, own);
      change.enabled = false;
    },
  };
  const replacement = copyNameAndLength(make(original, change) as object, original as object) as T;
  Object.defineProperty(target, key, {
    value: replacement,
    writable: own?.writable ?? true,
    enumerable: own?.enumerable ?? false,
    configurable: true,
  });
  return change;
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
): Change | undefined {
  const own = Object.getOwnPropertyDescriptor(target, key);
  // Our pass-through from an earlier install (it outlived that undo): turned
  // back on, never wrapped in another layer, and never put back.
  const reused = own?.set && passThroughs.get(own.set);
  if (reused) {
    reused.enabled = true;
    return reused;
  }
  if (!own?.set || !own.get || !own.configurable) return undefined;
  // The change is also the replacement's state: one object per accessor.
  const change: Change & PatchState = {
    target,
    key,
    enabled: true,
    undo() {
      change.enabled = false;
      if (!change.outlivesUndo && ours()) restore(target, key, own);
    },
    staysBecause: () => (!change.enabled && change.outlivesUndo && ours() ? HOLDS_HANDLER : undefined),
  };
  const made = make(own, change);
  const set = copyNameAndLength(made.set, own.set);
  Object.defineProperty(target, key, { get: copyNameAndLength(made.get, own.get), set, enumerable: own.enumerable, configurable: true });
  const ours = () => Object.getOwnPropertyDescriptor(target, key)?.set === set;
  passThroughs.set(set, change);
  return change;
}
