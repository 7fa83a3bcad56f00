import { call } from '../core/intrinsics.js';

// XMLHttpRequest, whose events follow send() under the 'dispatch' policy:
// looked up once, when the library loads.

type Class = (abstract new () => object) & { prototype: object };
const g = globalThis as { XMLHttpRequest?: unknown; XMLHttpRequestUpload?: unknown };
const classOf = (value: unknown): Class | undefined => (typeof value === 'function' ? (value as Class) : undefined);
/** XMLHttpRequest, where the platform has it. */
export const Request: Class | undefined = classOf(g.XMLHttpRequest);
const Upload = classOf(g.XMLHttpRequestUpload);
const isPrototypeOf = Object.prototype.isPrototypeOf;

/** Whether `target` is an XMLHttpRequest or its upload. */
export function isRequestTarget(target: object): boolean {
  return (Request !== undefined && target instanceof Request) || (Upload !== undefined && target instanceof Upload);
}

/** Whether `holder` is XMLHttpRequest.prototype or on its prototype chain (where its `on*` accessors live). */
export function isOnRequestChain(holder: object): boolean {
  return Request !== undefined && (holder === Request.prototype || call(isPrototypeOf, holder, Request.prototype));
}
