/** Gives `target` the `@@toStringTag` `name`, as the proposal's objects have it (not writable, not enumerable). */
export function setToStringTag(target: object, name: string): void {
  Object.defineProperty(target, Symbol.toStringTag, { value: name, configurable: true });
}
