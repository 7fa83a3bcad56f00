// Platform functions captured when the library loads (Node's "primordials"):
// the library calls these, never a method looked up on a value it does not
// own. A callback with its own `call` property, or a page that replaces
// `Reflect.apply` or `Function.prototype.call` later, cannot change what the
// library does.

/** `Reflect.apply` and `Reflect.construct`, as they were at load. */
export const { apply, construct } = Reflect;

/**
 * `fn.call(thisArg, ...args)` without looking `call` up on `fn`: the
 * `Function.prototype.call` of load time, uncurried (Node's FunctionPrototypeCall).
 */
export const call: <R>(fn: (this: never, ...args: never) => R, thisArg: unknown, ...args: unknown[]) => R = Function.prototype.call.bind(
  Function.prototype.call,
);
