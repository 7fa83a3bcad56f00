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
 * `fn.call(thisArg, a, b, c)` with the `Function.prototype.call` of load time,
 * always with three arguments (the missing ones undefined): for platform
 * functions, which ignore arguments they do not take (add/removeEventListener,
 * `then`, queueMicrotask, accessors, `slice`; a wrapper another library put
 * there before install() sees them as undefined). Timers, which hand extra
 * arguments to the callback, keep the count they were given (patch/callback-argument.ts).
 * Written as `fn.call(…)` while `fn.call` is still that one: engines inline
 * that form, and run a bound `call`, Reflect.apply or a rest array several
 * times slower (measured: `.then` and listener add+remove in JavaScriptCore
 * and SpiderMonkey, bench/compare.ts). The hottest sites, `then` and
 * addEventListener, write the same test out before calling this: through
 * this one helper, which every patch calls, SpiderMonkey ran `.then` chains
 * and listener add+remove 1.08-1.12x slower than with the test at the site.
 */
export const call = <R>(fn: (this: never, ...args: never) => R, thisArg: unknown, a?: unknown, b?: unknown, c?: unknown): R =>
  (fn.call === platformCall ? (fn as (...args: unknown[]) => R).call(thisArg, a, b, c) : apply(fn, thisArg, [a, b, c])) as R;
