import { active } from '../backends/active.js';
import { copyNameAndLength } from '../core/function-shape.js';
import { eventTargetPrototypes, ownerOf } from './event-target-prototypes.js';
import { replaceValue, type Undo } from './instrument.js';
import { listenerFrameSource } from './listener-frame.js';
import type { EventPolicy, Patch } from './patch.js';

// addEventListener registers a wrapper in place of the listener. The platform
// keeps deciding identity: one wrapper per (target, type, capture, listener),
// so a duplicate add is still a no-op and removeEventListener, from any
// frame, removes the same wrapper. `once` and `signal` removals are mirrored
// here so that a later add of the same listener captures a fresh frame.

type Method = (this: unknown, type: unknown, listener: unknown, options?: unknown) => void;
type ListenerFunction = (this: unknown, ...args: unknown[]) => unknown;

interface Entry {
  wrapper: ListenerFunction;
  /** Stops watching the `signal` option, if there was one. */
  unwatch?: () => void;
}

/** target → "capture flag + type" → listener → entry. Weak on targets: a collected target takes its entries along. */
const registry = new WeakMap<object, Map<string, Map<unknown, Entry>>>();
/** Entries in the registry, for knowing when the remove shim is no longer needed. */
let liveEntries = 0;
/** How many entries each target holds; when a target is collected, its count leaves liveEntries. */
const countOf = new WeakMap<object, { entries: number }>();
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<{ entries: number }>((count) => {
        liveEntries -= count.entries;
        if (liveEntries === 0 && uninstallRequested) removeShims();
      })
    : undefined;
let uninstallRequested = false;
/** Per patched prototype: the platform's methods, and how to undo the remove patch. */
const patched = new Map<object, { add: Method; remove: Method; undoRemove?: Undo }>();

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** The platform's own method `name` for `target`, bypassing our patch. */
function platformMethod(target: object, name: 'add' | 'remove'): Method | undefined {
  const owner = ownerOf(target, name === 'add' ? 'addEventListener' : 'removeEventListener');
  if (!owner) return undefined;
  return patched.get(owner)?.[name] ?? (owner as Record<string, Method>)[name === 'add' ? 'addEventListener' : 'removeEventListener'];
}

/** The platform's listener identity key, or undefined where the platform would throw (it will, itself). */
function keyOf(type: unknown, options: unknown): string | undefined {
  if (typeof type === 'symbol') return undefined;
  const capture = isObject(options) ? Boolean((options as { capture?: unknown }).capture) : Boolean(options);
  return (capture ? 'c:' : 'b:') + String(type);
}

function entryOf(target: object, key: string, listener: unknown): Entry | undefined {
  return registry.get(target)?.get(key)?.get(listener);
}

function remember(target: object, key: string, listener: unknown, entry: Entry): void {
  let byType = registry.get(target);
  if (!byType) registry.set(target, (byType = new Map()));
  let byListener = byType.get(key);
  if (!byListener) byType.set(key, (byListener = new Map()));
  byListener.set(listener, entry);
  liveEntries++;
  let count = countOf.get(target);
  if (!count) {
    countOf.set(target, (count = { entries: 0 }));
    collected?.register(target, count, count);
  }
  count.entries++;
}

function forget(target: object, key: string, listener: unknown): void {
  const byType = registry.get(target);
  const byListener = byType?.get(key);
  const entry = byListener?.get(listener);
  if (!byType || !byListener || !entry) return;
  byListener.delete(listener);
  if (byListener.size === 0) byType.delete(key);
  if (byType.size === 0) registry.delete(target);
  entry.unwatch?.();
  liveEntries--;
  const count = countOf.get(target);
  if (count && --count.entries === 0) {
    countOf.delete(target);
    collected?.unregister(count);
  }
  if (liveEntries === 0 && uninstallRequested) removeShims();
}

/** Undoes the remove patches once no listener needs translating any more. */
function removeShims(): void {
  for (const [proto, methods] of patched) {
    methods.undoRemove?.();
    patched.delete(proto);
  }
}

function makeEntry(target: object, key: string, listener: object, options: unknown, policy: EventPolicy): Entry | undefined {
  const frameSource = listenerFrameSource(target, policy);
  if (!frameSource) return undefined;
  const once = isObject(options) && Boolean((options as { once?: unknown }).once);
  const wrapper = function (this: unknown) {
    if (once) forget(target, key, listener); // the platform drops a `once` listener before calling it
    const isFunction = typeof listener === 'function';
    const fn = isFunction ? listener : (listener as { handleEvent?: unknown }).handleEvent;
    // eslint-disable-next-line prefer-rest-params
    return active.run(frameSource(), fn as ListenerFunction, isFunction ? this : listener, arguments);
  };
  const entry: Entry = { wrapper };
  const signal = isObject(options) ? (options as { signal?: unknown }).signal : undefined;
  if (isObject(signal) && 'aborted' in signal) {
    const onAbort = (): void => forget(target, key, listener);
    platformMethod(signal, 'add')?.call(signal, 'abort', onAbort, { once: true });
    entry.unwatch = () => platformMethod(signal, 'remove')?.call(signal, 'abort', onAbort);
  }
  return entry;
}

function patchAdd(proto: object, policy: EventPolicy): Undo | undefined {
  return replaceValue<Method>(proto, 'addEventListener', (original, state) =>
    copyNameAndLength(function addEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const target = this;
      const key = state.on && isObject(target) && isObject(listener) ? keyOf(type, options) : undefined;
      const signal = isObject(options) ? (options as { signal?: { aborted?: unknown } }).signal : undefined;
      if (key === undefined || !isObject(target) || !isObject(listener) || signal?.aborted === true) {
        return Reflect.apply(original, target, args);
      }
      let entry = entryOf(target, key, listener);
      const fresh = entry === undefined;
      if (!entry) {
        entry = makeEntry(target, key, listener, options, policy);
        if (!entry) return Reflect.apply(original, target, args);
        remember(target, key, listener, entry);
      }
      args[1] = entry.wrapper;
      try {
        return Reflect.apply(original, target, args);
      } catch (error) {
        if (fresh) forget(target, key, listener); // not an EventTarget after all: keep nothing
        throw error;
      }
    }, original),
  );
}

function patchRemove(proto: object): Undo | undefined {
  return replaceValue<Method>(proto, 'removeEventListener', (original) =>
    copyNameAndLength(function removeEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      // eslint-disable-next-line prefer-rest-params
      const args = arguments;
      const target = this;
      const key = isObject(target) && isObject(listener) ? keyOf(type, options) : undefined;
      const entry = key === undefined ? undefined : entryOf(target as object, key, listener);
      if (entry) {
        forget(target as object, key as string, listener);
        args[1] = entry.wrapper;
      }
      return Reflect.apply(original, target, args);
    }, original),
  );
}

function patchPrototype(proto: object, policy: EventPolicy): Undo[] {
  const platform = proto as { addEventListener: Method; removeEventListener: Method };
  // The remove patch may have outlived an uninstall (see below): reuse it.
  if (!patched.has(proto)) {
    const methods: { add: Method; remove: Method; undoRemove?: Undo } = {
      add: platform.addEventListener,
      remove: platform.removeEventListener,
    };
    methods.undoRemove = patchRemove(proto);
    patched.set(proto, methods);
  }
  const undoAdd = patchAdd(proto, policy);
  return undoAdd ? [undoAdd] : [];
}

export const patchEventListeners: Patch = ({ events: policy }) => {
  uninstallRequested = false;
  const undos = eventTargetPrototypes().flatMap((proto) => patchPrototype(proto, policy));
  return [
    ...undos,
    () => {
      // Listeners added while installed are registered as wrappers: removing
      // them needs the translation until the last one is gone.
      uninstallRequested = true;
      if (liveEntries === 0) removeShims();
    },
  ];
};
