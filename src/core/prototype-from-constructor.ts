/**
 * The proposal's GetPrototypeFromConstructor fallback for a base class:
 * `Reflect.construct(Variable, [], newTarget)` where `newTarget.prototype` is
 * not an object gets `intrinsic` (the engine would give `Object.prototype`).
 */
export function usePrototypeFallback(instance: object, newTarget: Function, intrinsic: object): void {
  const proto: unknown = newTarget.prototype;
  // Object(x) is x exactly when x is an object (functions included).
  if (Object(proto) !== proto) Object.setPrototypeOf(instance, intrinsic);
}
