// Platform functions captured when the library loads (Node's "primordials"):
// the library calls these, never a method looked up on a value it does not
// own. A function with its own `call` property, or a page that replaces
// `Reflect.apply` or `Function.prototype.call` later, cannot change what the
// library does (`call` below reads `fn.call` only to compare it with the
// captured one).

/** `Reflect.apply` and `Reflect.construct`, as they were at load. */
export const { apply, construct } = Reflect;

/** `Function.prototype.call` and `toString`, as they were at load. */
export const { call: platformCall, toString: functionToString } = Function.prototype;

/** The arguments of a call that has none: shared, never written. */
export const NO_ARGS: readonly [] = [];

/**
 * `fn.call(thisArg, ...args)` with the `Function.prototype.call` of load time.
 * Written as `fn.call(…)` while `fn.call` is still that one: engines inline
 * that form, and run a bound `call` (or Reflect.apply) of a platform function
 * several times slower (measured: `.then` in JavaScriptCore, bench/compare.ts).
 * The arguments after `thisArg` are passed on in the count given.
 */
export const call = <R>(fn: (this: never, ...args: never) => R, ...args: [thisArg: unknown, ...args: unknown[]]): R =>
  (fn.call === platformCall ? (fn as (...args: unknown[]) => R).call(...args) : apply(platformCall, fn, args)) as R;
