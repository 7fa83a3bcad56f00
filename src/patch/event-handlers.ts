import { active } from '../backends/active.js';
import { eventTargetChains } from './event-target-prototypes.js';
import { replaceAccessor, type Undo } from './instrument.js';
import { frameOf, listenerFrameSource } from './listener-frame.js';
import { applied, type EventPolicy, type Patch } from './patch.js';

// `on*` event handler properties (el.onclick = fn, xhr.onload = fn, …). The
// getter still returns the function that was set; `return false` still
// cancels the event because the wrapper returns what the handler returns.
// A property that was given a wrapped handler keeps a pass-through accessor
// after uninstall, so that its getter still returns the function that was set;
// the next install turns that same accessor back on (one layer, however many
// install/uninstall cycles and policy switches).

const handlerOf = new WeakMap<object, unknown>();

/** Every object that may define `on*` accessors: event targets' prototype chains, and the global itself (window, self). */
function handlerHolders(policy: EventPolicy): object[] {
  const holders = eventTargetChains().chains;
  return policy === 'dispatch' ? holders.filter((holder) => holder !== globalThis && isRequestPrototype(holder)) : holders;
}

function isRequestPrototype(holder: object): boolean {
  const XHR = (globalThis as { XMLHttpRequest?: { prototype: object } }).XMLHttpRequest;
  return XHR !== undefined && (holder === XHR.prototype || holder.isPrototypeOf(XHR.prototype));
}

/** The installed policy; a pass-through kept from an earlier install follows the current one. */
let policy: EventPolicy;

function patchHandlerProperty(holder: object, key: string): Undo | undefined {
  return replaceAccessor(holder, key, (original, state) => {
    const platformGet = original.get!;
    const platformSet = original.set!;
    return {
      get(this: object) {
        const current: unknown = platformGet.call(this);
        return (typeof current === 'function' && handlerOf.get(current)) || current;
      },
      set(this: object, value: unknown) {
        const source = state.on && typeof value === 'function' ? listenerFrameSource(this, policy) : undefined;
        if (source) {
          const handler = value as (this: unknown, ...args: unknown[]) => unknown;
          const wrapper = function (this: unknown) {
            // eslint-disable-next-line prefer-rest-params
            return active.run(frameOf(source), handler, this, arguments);
          };
          handlerOf.set(wrapper, handler);
          // A wrapped handler may now be stored: keep translating the getter after uninstall.
          state.keep = true;
          value = wrapper;
        }
        platformSet.call(this, value);
      },
    };
  });
}

export const patchEventHandlers: Patch = ({ events }) => {
  policy = events;
  return applied(
    ...handlerHolders(events).flatMap((holder) =>
      Object.getOwnPropertyNames(holder).map((key) => (key.startsWith('on') ? patchHandlerProperty(holder, key) : undefined)),
    ),
  );
};
