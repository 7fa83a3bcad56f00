// Where addEventListener lives. In a browser that is EventTarget.prototype
// alone; DOM emulations mounted on Node (happy-dom, jsdom under a test runner)
// can leave Node's own EventTarget as the global while their nodes inherit
// from another one, so look at the objects users actually listen on.

export function ownerOf(start: unknown, key: string): object | undefined {
  let object: unknown = start;
  while (typeof object === 'object' && object !== null) {
    if (Object.prototype.hasOwnProperty.call(object, key)) return object;
    object = Object.getPrototypeOf(object);
  }
  return undefined;
}

/** Each distinct object that owns `addEventListener` for the global's event targets. */
export function eventTargetPrototypes(): object[] {
  const g = globalThis as { EventTarget?: { prototype: object }; document?: unknown };
  const found = new Set<object>();
  for (const start of [g.EventTarget?.prototype, g.document, globalThis]) {
    const owner = ownerOf(start, 'addEventListener');
    if (owner) found.add(owner);
  }
  return [...found];
}

/** Whether `value` inherits from one of `bases`. */
export function inheritsFromAny(value: unknown, bases: readonly object[]): boolean {
  return typeof value === 'object' && value !== null && bases.some((base) => base.isPrototypeOf(value));
}
