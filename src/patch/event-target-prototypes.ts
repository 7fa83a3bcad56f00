// Where addEventListener and the `on*` accessors live. In a browser that is
// EventTarget.prototype and the interfaces under it; DOM emulations mounted on
// Node (happy-dom, jsdom under a test runner) mix Node's own EventTarget
// (MessagePort, BroadcastChannel) with theirs, and keep some base classes
// (Document's, XMLHttpRequestEventTarget) off the global. So look at every
// global constructor's prototype chain, and at the objects users listen on.

export function ownerOf(start: unknown, key: string): object | undefined {
  for (let object: unknown = start; typeof object === 'object' && object !== null; object = Object.getPrototypeOf(object)) {
    if (Object.hasOwn(object, key)) return object;
  }
  return undefined;
}

/**
 * Every object that owns `addEventListener` (each chain's base) and every
 * object between one of those and an event target, in the order found:
 * looked for from `document`, the global itself, and every prototype of a
 * global constructor. A base is the first object of its chain that owns
 * `addEventListener`, so it is the only one in the list that does.
 */
export function eventTargetChains(): object[] {
  const g = globalThis as { document?: unknown } & Record<string, unknown>;
  const starts: unknown[] = [g.document, g];
  // By name first: only an interface's name is read, so the getters of other
  // globals (deprecated ones, ones with side effects) never run. DOM emulations
  // under a test runner expose their interfaces through getters: those run.
  for (const name of Object.getOwnPropertyNames(g)) {
    if (/^[A-Z]/.test(name)) {
      try {
        const value = g[name];
        if (typeof value === 'function') starts.push((value as { prototype?: unknown }).prototype);
      } catch {
        // some globals throw on access
      }
    }
  }
  const chains = new Set<object>();
  for (const start of starts) {
    const base = ownerOf(start, 'addEventListener');
    if (!base) continue;
    // `base` is on `start`'s prototype chain (that is where ownerOf found it):
    // each object from `start` down to `base`, both included.
    for (let object = start as object; chains.add(object), object !== base; ) object = Object.getPrototypeOf(object) as object;
  }
  return [...chains];
}
