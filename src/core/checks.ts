// Argument checks shared by every public function. Messages name the
// function and what it expected, so a stack trace is never needed to fix a call.

import { describe } from './describe.js';

/** Throws the TypeError every check throws: where, what was expected, what came. */
export function expected(where: string, what: string, value: unknown): never {
  throw new TypeError(`${where}: expected ${what}, got ${describe(value)}`);
}

export function requireFunction(value: unknown, where: string, what = 'callback'): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    expected(where, `a function as ${what}`, value);
  }
}

export function requireString(value: unknown, where: string, what = 'key'): asserts value is string {
  if (typeof value !== 'string') {
    expected(where, `a string as ${what}`, value);
  }
}

/** Whether `value` is an object or a function: what can hold properties. */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** `options` must be undefined or an object; returns it as a record to read. */
export function optionsObject(value: unknown, where: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    expected(where, 'an options object', value);
  }
  return value as Record<string, unknown>;
}

/** Node's TypeError for an argument of the wrong type (`code: 'ERR_INVALID_ARG_TYPE'`), word for word: for the classes of Node's API. */
export function invalidArgType(name: string, type: string, value: unknown): TypeError {
  return Object.assign(new TypeError(`The "${name}" argument must be of type ${type}. Received ${describe(value)}`), { code: 'ERR_INVALID_ARG_TYPE' });
}

/** `Class.method`'s receiver must be a `Class` (`a` or `an`, as the class's name is said); the message is made only to throw. */
export function requireReceiver(ok: boolean, className: string, method: string, article = 'a'): void {
  if (!ok) throw new TypeError(`${className}.${method}: the receiver is not ${article} ${className}`);
}
