/**
 * The proposal's GetPrototypeFromConstructor fallback for a base class:
 * `Reflect.construct(Variable, [], newTarget)` where `newTarget.prototype` is
 * not an object gets `intrinsic` (the engine would give `Object.prototype`).
 * `new Variable()` and subclasses never take the branch.
 */
export function usePrototypeFallback(instance: object, newTarget: Function, intrinsic: object): void {
  const proto: unknown = newTarget.prototype;
  if (proto === null || (typeof proto !== 'object' && typeof proto !== 'function')) Object.setPrototypeOf(instance, intrinsic);
}
