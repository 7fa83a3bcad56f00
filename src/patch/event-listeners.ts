import { isObject } from '../core/checks.js';
import { apply, call, platformCall } from '../core/intrinsics.js';
import { replaceValue, type Change, type PatchState } from '../instrument/instrument.js';
import { bindToFrameWithArgument, type FrameSource } from '../seam/seam.js';
import { eventTargetChains, ownerOf } from './event-target-prototypes.js';
import { listenerFrameSource } from './listener-frame.js';
import type { PlatformPatch } from './platform-patch.js';

// addEventListener registers a wrapper in place of the listener. The platform
// keeps deciding identity: one wrapper per (target, type, capture, listener),
// so a duplicate add is still a no-op and removeEventListener, from any
// frame, removes the same wrapper. `once` and `signal` removals are mirrored
// here so that a later add of the same listener captures a fresh frame.
// Every add and remove pays for this bookkeeping: it is kept to a few lookups.

type Method = (this: unknown, type: unknown, listener: unknown, options?: unknown) => void;
type MethodName = 'addEventListener' | 'removeEventListener';
/**
 * What is registered with the platform in place of a listener, running it in
 * the registration's frame: a function for a function, an object with a
 * `handleEvent` for a listener object.
 */
type Wrapper = object;
/** How many registrations a target holds (kept apart from them: it must not reach the target). */
interface Count {
  live: number;
}
/**
 * A target's registrations: type → listener → wrapper, one map per capture
 * flag (indexed by it; a key joining flag and type would cost a string per
 * add and remove); and their count.
 */
type Registrations = [bubble: Map<string, Map<unknown, Wrapper>>, capture: Map<string, Map<unknown, Wrapper>>, count: Count];

/** Weak on targets: a collected target takes its registrations along. Never emptied, so each target is counted once. */
const registry = new WeakMap<object, Registrations>();
/** How to stop watching a registration's `signal`; `watching` counts them, to skip the lookup when none. */
const unwatchOf = new WeakMap<Wrapper, () => void>();
let watching = 0;
/** Registrations alive, for knowing when the remove shim is no longer needed. */
let liveEntries = 0;
let uninstallRequested = false;
/** Why a remove shim stays after uninstall. */
const HOLDS_LISTENERS = 'listeners added while installed';
/** Per patched prototype: the platform's methods, and the remove patch (the shim) as the ledger sees it. */
const patched = new Map<object, Record<MethodName, Method> & { removeShim: Change | undefined; shimChange: Change | undefined }>();
// A collected target's registrations can no longer be removed: they stop counting.
const collected =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Count>((count) => {
        liveEntries -= count.live;
        if (liveEntries === 0 && uninstallRequested) removeShims();
      })
    : undefined;

/** The platform's capture flag for `options` (a boolean, or an object's `capture`). */
function captureOf(options: unknown): 0 | 1 {
  return (isObject(options) ? (options as { capture?: unknown }).capture : options) ? 1 : 0;
}

/** The platform's own method `key` for `target`, bypassing our patch. */
function platformMethod(target: object, key: MethodName): Method | undefined {
  const owner = ownerOf(target, key);
  return owner && (patched.get(owner)?.[key] ?? (owner as Record<MethodName, Method>)[key]);
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
  for (const methods of patched.values()) methods.removeShim?.undo();
  patched.clear();
}

/** What a registration runs: the listener function, or the `handleEvent` found on a listener object. */
type Found = (event: unknown) => unknown;

/** The wrapper of a registration; a `once` one forgets itself first, as the platform drops it before calling it. */
function makeWrapper(listener: object, source: FrameSource, forgetOnce: (() => unknown) | undefined): Wrapper {
  if (typeof listener === 'function') return bindToFrameWithArgument(listener as Found, source, forgetOnce);
  // The platform looks `handleEvent` up on what it holds at each dispatch; this
  // getter looks it up on the listener, once, and hands back something to call
  // or, when it is not callable, the value itself, so that each engine reacts
  // as it does without the patch (Chromium ignores it, Firefox reports a TypeError).
  let found: unknown;
  // In the registration's frame: what the getter found, with the listener as `this`.
  const invoke = bindToFrameWithArgument((event: unknown) => apply(found as Found, listener, [event]), source);
  return {
    get handleEvent() {
      forgetOnce?.();
      found = (listener as { handleEvent?: unknown }).handleEvent;
      return typeof found === 'function' ? invoke : found;
    },
  };
}

/** Registered in place of a listener whose signal is already aborted: the platform drops it, as it would the listener. */
const dropped = () => {};

/** Forgets the registration when its `signal` aborts, as the platform does. */
function watchSignal(signal: object, wrapper: Wrapper, forgetIt: () => unknown): void {
  const add = platformMethod(signal, 'addEventListener');
  if (add) call(add, signal, 'abort', forgetIt, { once: true });
  watching++;
  unwatchOf.set(wrapper, () => {
    watching--;
    unwatchOf.delete(wrapper);
    const remove = platformMethod(signal, 'removeEventListener');
    if (remove) call(remove, signal, 'abort', forgetIt);
  });
}

/** The remove shim over the platform's removeEventListener: a listener added while installed is removed through its wrapper. */
function removeShimOf(original: Method): Method {
  return {
    removeEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      const target = this;
      const wrapper =
        isObject(target) && isObject(listener) && typeof type !== 'symbol' ? forget(target, captureOf(options), String(type), listener) : undefined;
      if (wrapper) return call(original, target, type, wrapper, options);
      // eslint-disable-next-line prefer-rest-params
      return apply(original, target, arguments);
    },
  }.removeEventListener;
}

/** addEventListener over the platform's: registers the wrapper of the listener, one per (target, type, capture, listener). */
function addEventListenerOf(original: Method, state: PatchState, dispatch: boolean): Method {
  return {
    addEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      const target = this;
      // Anything unusual goes to the platform untouched, for it to accept or reject.
      if (!state.enabled || !isObject(target) || !isObject(listener) || typeof type === 'symbol') {
        // eslint-disable-next-line prefer-rest-params
        return apply(original, target, arguments);
      }
      let signal: unknown;
      // What the platform is given: the listener itself where nothing is ours to wrap.
      let registered: unknown = listener;
      let forgetFresh: (() => unknown) | undefined;
      // Symbol-keyed options are the runtime's own (Node registers its internal
      // abort handlers that way, and expects them to stay functions): not ours to wrap.
      if (isObject(options) && Object.getOwnPropertySymbols(options).length > 0) {
        // handed on as it came
      } else if (isObject(options) && isObject((signal = (options as { signal?: unknown }).signal)) && (signal as { aborted?: unknown }).aborted === true) {
        // Never added (the DOM standard; happy-dom would keep it): the platform still checks its arguments.
        registered = dropped;
      } else {
        const name = String(type);
        const capture = captureOf(options);
        let registrations = registry.get(target);
        if (!registrations) {
          const count: Count = { live: 0 };
          registry.set(target, (registrations = [new Map(), new Map(), count]));
          collected?.register(target, count);
        }
        let byListener = registrations[capture].get(name);
        if (!byListener) registrations[capture].set(name, (byListener = new Map()));
        let wrapper = byListener.get(listener);
        const source = wrapper ? undefined : listenerFrameSource(target, dispatch);
        if (source !== undefined) {
          // One closure forgets this registration: for a `once` listener when it is
          // called (the platform drops it first), for a `signal` when it aborts, and
          // here when the platform refuses the add. Made only for a new registration,
          // never for a repeated add (a closure on every add measured ~3x slower
          // add/remove in V8; this one measured as before, listener add+remove and churn).
          forgetFresh = () => forget(target, capture, name, listener);
          wrapper = makeWrapper(listener, source, isObject(options) && (options as { once?: unknown }).once ? forgetFresh : undefined);
          byListener.set(listener, wrapper);
          registrations[2].live++;
          liveEntries++;
          if (isObject(signal) && 'aborted' in signal) watchSignal(signal, wrapper, forgetFresh);
        }
        if (wrapper) registered = wrapper;
      }
      try {
        // Written out, not call(): through that shared helper SpiderMonkey ran add+remove 1.1x slower (see intrinsics.ts).
        return original.call === platformCall ? original.call(target, type, registered, options) : call(original, target, type, registered, options);
      } catch (error) {
        forgetFresh?.(); // not an EventTarget after all: keep nothing
        throw error;
      }
    },
  }.addEventListener;
}

/**
 * Patches `proto`'s addEventListener and, unless that patch outlived an
 * uninstall (see below), its removeEventListener: the shim, which stays
 * while listeners added while installed are registered.
 */
function patchPrototype(proto: object, dispatch: boolean): Array<Change | undefined> {
  let methods = patched.get(proto);
  if (!methods) {
    // Read before the remove patch below replaces removeEventListener.
    const { addEventListener, removeEventListener } = proto as Record<MethodName, Method>;
    const removeShim = replaceValue<Method>(proto, 'removeEventListener', removeShimOf);
    patched.set(
      proto,
      (methods = {
        addEventListener,
        removeEventListener,
        removeShim,
        // The shim as the ledger sees it, one change however many installs find it in place.
        shimChange: removeShim && {
          ...removeShim,
          // Listeners added while installed are registered as wrappers: removing
          // them needs the translation until the last one is gone.
          undo() {
            uninstallRequested = true;
            if (liveEntries === 0) removeShims();
          },
          staysBecause: () => (uninstallRequested && patched.has(proto) ? HOLDS_LISTENERS : undefined),
        },
      }),
    );
  }
  return [replaceValue<Method>(proto, 'addEventListener', (original, state) => addEventListenerOf(original, state, dispatch)), methods.shimChange];
}

export const patchEventListeners: PlatformPatch = (dispatch) => {
  uninstallRequested = false;
  // Where the chains end: each object that owns addEventListener.
  return eventTargetChains()
    .filter((holder) => Object.hasOwn(holder, 'addEventListener'))
    .flatMap((proto) => patchPrototype(proto, dispatch));
};
