import { active } from '../backends/active.js';
import { copyNameAndLength } from '../core/function-shape.js';
import { eventTargetPrototypes, ownerOf } from './event-target-prototypes.js';
import { replaceValue, type Undo } from './instrument.js';
import { frameOf, listenerFrameSource, type FrameSource } from './listener-frame.js';
import type { EventPolicy, Patch } from './patch.js';

// addEventListener registers a wrapper in place of the listener. The platform
// keeps deciding identity: one wrapper per (target, type, capture, listener),
// so a duplicate add is still a no-op and removeEventListener, from any
// frame, removes the same wrapper. `once` and `signal` removals are mirrored
// here so that a later add of the same listener captures a fresh frame.
// Every add and remove pays for this bookkeeping: it is kept to a few lookups.

type Method = (this: unknown, type: unknown, listener: unknown, options?: unknown) => void;
/** What is registered with the platform in place of a listener: runs it in the registration's frame. */
type Wrapper = (this: unknown, event: unknown) => unknown;
/** How many registrations a target holds (kept apart from them: it must not reach the target). */
interface Count {
  live: number;
}
/** A target's registrations: type → listener → registration, one map per capture flag; and their count. */
type Registrations = [bubble: Map<string, Map<unknown, Wrapper>>, capture: Map<string, Map<unknown, Wrapper>>, count: Count];

/** Weak on targets: a collected target takes its registrations along. Never emptied, so each target is counted once. */
const registry = new WeakMap<object, Registrations>();
/** How to stop watching a registration's `signal`; `watching` counts them, to skip the lookup when none. */
const unwatchOf = new WeakMap<Wrapper, () => void>();
let watching = 0;
/** Registrations alive, for knowing when the remove shim is no longer needed. */
let liveEntries = 0;
let uninstallRequested = false;
/** Per patched prototype: the platform's methods, and how to undo the remove patch. */
const patched = new Map<object, { add: Method; remove: Method; undoRemove?: Undo }>();
// A collected target's registrations can no longer be removed: they stop counting.
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Count>((count) => {
        liveEntries -= count.live;
        if (liveEntries === 0 && uninstallRequested) removeShims();
      })
    : undefined;

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** The platform's capture flag for `options` (a boolean, or an object's `capture`). */
function captureOf(options: unknown): 0 | 1 {
  return (isObject(options) ? (options as { capture?: unknown }).capture : options) ? 1 : 0;
}

/** The platform's own method `name` for `target`, bypassing our patch. */
function platformMethod(target: object, name: 'add' | 'remove'): Method | undefined {
  const key = name === 'add' ? 'addEventListener' : 'removeEventListener';
  const owner = ownerOf(target, key);
  return owner && (patched.get(owner)?.[name] ?? (owner as Record<string, Method>)[key]);
}

function registrationsOf(target: object): Registrations {
  let registrations = registry.get(target);
  if (!registrations) {
    const count: Count = { live: 0 };
    registry.set(target, (registrations = [new Map(), new Map(), count]));
    collected?.register(target, count);
  }
  return registrations;
}

function forget(target: object, capture: 0 | 1, type: string, listener: unknown): Wrapper | undefined {
  const registrations = registry.get(target);
  const byListener = registrations?.[capture].get(type);
  const wrapper = byListener?.get(listener);
  if (!wrapper) return undefined;
  byListener!.delete(listener);
  registrations![2].live--;
  liveEntries--;
  if (watching > 0) unwatchOf.get(wrapper)?.();
  if (liveEntries === 0 && uninstallRequested) removeShims();
  return wrapper;
}

/** Undoes the remove patches once no listener needs translating any more. */
function removeShims(): void {
  for (const [proto, methods] of patched) {
    methods.undoRemove?.();
    patched.delete(proto);
  }
}

function makeWrapper(listener: object, source: FrameSource): Wrapper {
  if (typeof listener === 'function') {
    return function (this: unknown, event: unknown) {
      return active.call(frameOf(source), listener as Wrapper, this, event);
    };
  }
  return function (event: unknown) {
    // A listener object's handleEvent is looked up at each dispatch, as the platform does.
    return active.call(frameOf(source), (listener as { handleEvent?: unknown }).handleEvent as Wrapper, listener, event);
  };
}

/** A `once` registration: the platform drops it before calling it, and so does the registry. */
function makeOnceWrapper(target: object, capture: 0 | 1, type: string, listener: object, source: FrameSource): Wrapper {
  const wrapper = makeWrapper(listener, source);
  return function (this: unknown, event: unknown) {
    forget(target, capture, type, listener);
    return wrapper.call(this, event);
  };
}

/** Forgets the registration when its `signal` aborts, as the platform does. */
function watchSignal(signal: object, wrapper: Wrapper, forgetIt: () => void): void {
  const onAbort = (): void => void forgetIt();
  platformMethod(signal, 'add')?.call(signal, 'abort', onAbort, { once: true });
  watching++;
  unwatchOf.set(wrapper, () => {
    watching--;
    unwatchOf.delete(wrapper);
    platformMethod(signal, 'remove')?.call(signal, 'abort', onAbort);
  });
}

function patchAdd(proto: object, policy: EventPolicy): Undo | undefined {
  return replaceValue<Method>(proto, 'addEventListener', (original, state) =>
    copyNameAndLength(function addEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      const target = this;
      // Anything unusual goes to the platform untouched, for it to accept or reject.
      if (!state.on || !isObject(target) || !isObject(listener) || typeof type === 'symbol') {
        // eslint-disable-next-line prefer-rest-params
        return Reflect.apply(original, target, arguments);
      }
      let signal: unknown;
      if (isObject(options)) {
        // Symbol-keyed options are the runtime's own (Node registers its internal
        // abort handlers that way, and expects them to stay functions): not ours to wrap.
        if (Object.getOwnPropertySymbols(options).length > 0) return original.call(target, type, listener, options);
        signal = (options as { signal?: unknown }).signal;
        if (isObject(signal) && (signal as { aborted?: unknown }).aborted === true) return original.call(target, type, listener, options);
      }
      const name = typeof type === 'string' ? type : String(type);
      const capture = captureOf(options);
      const registrations = registrationsOf(target);
      let byListener = registrations[capture].get(name);
      if (!byListener) registrations[capture].set(name, (byListener = new Map()));
      let wrapper = byListener.get(listener);
      const fresh = wrapper === undefined;
      if (!wrapper) {
        const source = listenerFrameSource(target, policy);
        if (source === undefined) return original.call(target, type, listener, options);
        const once = isObject(options) && Boolean((options as { once?: unknown }).once);
        wrapper = once ? makeOnceWrapper(target, capture, name, listener, source) : makeWrapper(listener, source);
        byListener.set(listener, wrapper);
        registrations[2].live++;
        liveEntries++;
        if (isObject(signal) && 'aborted' in signal) watchSignal(signal, wrapper, () => forget(target, capture, name, listener));
      }
      try {
        return original.call(target, type, wrapper, options);
      } catch (error) {
        if (fresh) forget(target, capture, name, listener); // not an EventTarget after all: keep nothing
        throw error;
      }
    }, original),
  );
}

function patchRemove(proto: object): Undo | undefined {
  return replaceValue<Method>(proto, 'removeEventListener', (original) =>
    copyNameAndLength(function removeEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      const target = this;
      const wrapper =
        isObject(target) && isObject(listener) && typeof type !== 'symbol'
          ? forget(target, captureOf(options), typeof type === 'string' ? type : String(type), listener)
          : undefined;
      if (wrapper) return original.call(target, type, wrapper, options);
      // eslint-disable-next-line prefer-rest-params
      return Reflect.apply(original, target, arguments);
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
