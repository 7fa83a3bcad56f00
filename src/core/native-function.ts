import { call, functionToString } from './intrinsics.js';

/**
 * Whether `value` is a function built into the engine or the platform (its
 * source reads `[native code]`), not a polyfill or another library's wrapper.
 */
export function isNativeFunction(value: unknown): boolean {
  return typeof value === 'function' && /\{\s*\[native code\]\s*\}\s*$/.test(call(functionToString, value));
}
