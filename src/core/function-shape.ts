/**
 * Gives `wrapper` the `length` and `name` of `target` (the proposal's
 * CopyNameAndLength): `name` becomes `prefix + " " + target.name` when a
 * prefix is given. Wrappers must look like what they wrap.
 */
export function copyNameAndLength<F extends object>(wrapper: F, target: object, prefix?: string): F {
  let length = 0;
  if (Object.prototype.hasOwnProperty.call(target, 'length')) {
    const targetLength: unknown = (target as { length?: unknown }).length;
    if (typeof targetLength === 'number') {
      length = targetLength === Infinity ? Infinity : Math.max(Math.trunc(targetLength) || 0, 0);
    }
  }
  const targetName: unknown = (target as { name?: unknown }).name;
  const name = typeof targetName === 'string' ? targetName : '';
  Object.defineProperty(wrapper, 'length', { value: length, configurable: true });
  Object.defineProperty(wrapper, 'name', { value: prefix === undefined ? name : `${prefix} ${name}`, configurable: true });
  return wrapper;
}
