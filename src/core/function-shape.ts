/**
 * Gives `wrapper` the `length` and `name` of `target` (the proposal's
 * CopyNameAndLength): `name` becomes `prefix + " " + target.name` when a
 * prefix is given (not ''). Wrappers must look like what they wrap.
 */
export function copyNameAndLength<F extends object>(wrapper: F, target: object, prefix?: string): F {
  // Read as the proposal does: `length` only if it is an own property, then `name`.
  const length: unknown = Object.hasOwn(target, 'length') ? (target as { length?: unknown }).length : 0;
  const targetName: unknown = (target as { name?: unknown }).name;
  const name = typeof targetName === 'string' ? targetName : '';
  // ToIntegerOrInfinity, at least 0: NaN and negatives give 0, Infinity stays Infinity.
  Object.defineProperty(wrapper, 'length', { value: typeof length === 'number' ? Math.max(Math.trunc(length), 0) || 0 : 0, configurable: true });
  // Two defineProperty calls, not one defineProperties: measured faster (Snapshot.wrap, AsyncLocalStorage.bind).
  return Object.defineProperty(wrapper, 'name', { value: prefix ? `${prefix} ${name}` : name, configurable: true });
}
