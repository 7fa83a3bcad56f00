import { call } from '../core/intrinsics.js';
import { isOnRequestChain } from '../host/xhr.js';
import { replaceAccessor, type Change } from '../instrument/instrument.js';
import { policy } from '../instrument/ledger.js';
import { bindToFrame } from '../seam/seam.js';
import { eventTargetChains } from './event-target-prototypes.js';
import { listenerFrameSource } from './listener-frame.js';
import type { PlatformPatch } from './platform-patch.js';

// `on*` event handler properties (el.onclick = fn, xhr.onload = fn, …). The
// getter still returns the function that was set; `return false` still
// cancels the event because the wrapper returns what the handler returns.
// A property that was given a wrapped handler keeps a pass-through accessor
// after uninstall, so that its getter still returns the function that was set;
// the next install turns that same accessor back on (one layer, however many
// install/uninstall cycles and policy switches), and its setter follows the
// policy installed then (the ledger's policy).

const handlerOf = new WeakMap<object, unknown>();

/** Every object that may define `on*` accessors: event targets' prototype chains, and the global itself (window, self). */
function handlerHolders(dispatch: boolean): object[] {
  const holders = eventTargetChains();
  // Under 'dispatch', XMLHttpRequest's only (the global is not on its chain, and
  // isOnRequestChain calls no method of a holder: one without Object.prototype is safe to ask).
  return dispatch ? holders.filter(isOnRequestChain) : holders;
}

function patchHandlerProperty(holder: object, key: string): Change | undefined {
  return replaceAccessor(holder, key, (original, state) => {
    const platformGet = original.get!;
    const platformSet = original.set!;
    return {
      get(this: object) {
        const current: unknown = call(platformGet, this);
        return (typeof current === 'function' && handlerOf.get(current)) || current;
      },
      set(this: object, value: unknown) {
        const source = state.enabled && typeof value === 'function' ? listenerFrameSource(this, policy === 'dispatch') : undefined;
        if (source) {
          const wrapper = bindToFrame(value as (this: unknown, ...args: unknown[]) => unknown, source);
          handlerOf.set(wrapper, value);
          // A wrapped handler may now be stored: keep translating the getter after uninstall.
          state.outlivesUndo = true;
          value = wrapper;
        }
        call(platformSet, this, value);
      },
    };
  });
}

export const patchEventHandlers: PlatformPatch = (dispatch) =>
  handlerHolders(dispatch).flatMap((holder) =>
    Object.getOwnPropertyNames(holder).map((key) => (key.startsWith('on') ? patchHandlerProperty(holder, key) : undefined)),
  );
