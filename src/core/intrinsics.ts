// Platform functions captured when the library loads (Node's "primordials"):
// the library calls these, never a method looked up on a value it does not
// own. A callback with its own `call` property, or a page that replaces
// `Reflect.apply` later, cannot change what the library does.

/** `Reflect.apply` and `Reflect.construct`, as they were at load. */
export const { apply, construct } = Reflect;
