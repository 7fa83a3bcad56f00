import { active } from '../backends/active.js';
import { eventTargetPrototypes, inheritsFromAny } from './event-target-prototypes.js';
import { replaceAccessor, type Undo } from './instrument.js';
import { listenerFrameSource } from './listener-frame.js';
import type { EventPolicy, Patch } from './patch.js';

// `on*` event handler properties (el.onclick = fn, xhr.onload = fn, …). The
// getter still returns the function that was set; `return false` still
// cancels the event because the wrapper returns what the handler returns.

const handlerOf = new WeakMap<object, unknown>();

/** Every object that defines `on*` accessors: EventTarget-derived prototypes, and the global itself (window, self). */
function handlerHolders(policy: EventPolicy): object[] {
  const bases = eventTargetPrototypes();
  const holders = new Set<object>([globalThis]);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    let value: unknown;
    try {
      value = (globalThis as Record<string, unknown>)[name];
    } catch {
      continue; // some globals throw on access
    }
    if (typeof value !== 'function') continue;
    const proto: unknown = (value as { prototype?: unknown }).prototype;
    if (inheritsFromAny(proto, bases)) holders.add(proto as object);
  }
  if (policy === 'dispatch') return [...holders].filter((holder) => holder !== globalThis && isRequestPrototype(holder));
  return [...holders];
}

function isRequestPrototype(holder: object): boolean {
  const XHR = (globalThis as { XMLHttpRequest?: { prototype: object } }).XMLHttpRequest;
  return XHR !== undefined && (holder === XHR.prototype || holder.isPrototypeOf(XHR.prototype));
}

function patchHandlerProperty(holder: object, key: string, policy: EventPolicy): Undo | undefined {
  return replaceAccessor(holder, key, (original, state) => ({
    get(this: object) {
      const current: unknown = original.get!.call(this);
      return (typeof current === 'function' && handlerOf.get(current)) || current;
    },
    set(this: object, value: unknown) {
      const source = state.on && typeof value === 'function' && listenerFrameSource(this, policy);
      if (source) {
        const handler = value as (this: unknown, ...args: unknown[]) => unknown;
        const wrapper = function (this: unknown) {
          // eslint-disable-next-line prefer-rest-params
          return active.run(source(), handler, this, arguments);
        };
        handlerOf.set(wrapper, handler);
        value = wrapper;
      }
      original.set!.call(this, value);
    },
  }));
}

export const patchEventHandlers: Patch = ({ events: policy }) => {
  const undos: Undo[] = [];
  for (const holder of handlerHolders(policy)) {
    for (const key of Object.getOwnPropertyNames(holder)) {
      if (!key.startsWith('on')) continue;
      const undo = patchHandlerProperty(holder, key, policy);
      if (undo) undos.push(undo);
    }
  }
  return undos;
};
