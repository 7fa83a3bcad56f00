// Where addEventListener and the `on*` accessors live. In a browser that is
// EventTarget.prototype and the interfaces under it; DOM emulations mounted on
// Node (happy-dom, jsdom under a test runner) mix Node's own EventTarget
// (MessagePort, BroadcastChannel) with theirs, and keep some base classes
// (Document's, XMLHttpRequestEventTarget) off the global. So look at every
// global constructor's prototype chain, and at the objects users listen on.

export function ownerOf(start: unknown, key: string): object | undefined {
  let object: unknown = start;
  while (typeof object === 'object' && object !== null) {
    if (Object.hasOwn(object, key)) return object;
    object = Object.getPrototypeOf(object);
  }
  return undefined;
}

/** Every prototype of a global constructor, plus `document` and the global itself: where to look. */
function startingPoints(): unknown[] {
  const g = globalThis as { document?: unknown };
  const points: unknown[] = [g.document, globalThis];
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    let value: unknown;
    try {
      value = (globalThis as Record<string, unknown>)[name];
    } catch {
      continue; // some globals throw on access
    }
    if (typeof value === 'function' && /^[A-Z]/.test(name)) points.push((value as { prototype?: unknown }).prototype);
  }
  return points;
}

/** The objects that own `addEventListener`, and every object between them and an event target. */
export function eventTargetChains(): { bases: object[]; chains: object[] } {
  const bases = new Set<object>();
  const chains = new Set<object>();
  for (const start of startingPoints()) {
    const base = ownerOf(start, 'addEventListener');
    if (!base) continue;
    bases.add(base);
    for (let object: unknown = start; typeof object === 'object' && object !== null && object !== base; object = Object.getPrototypeOf(object)) {
      chains.add(object as object);
    }
    chains.add(base);
  }
  return { bases: [...bases], chains: [...chains] };
}

/** Each distinct object that owns `addEventListener`. */
export function eventTargetPrototypes(): object[] {
  return eventTargetChains().bases;
}
