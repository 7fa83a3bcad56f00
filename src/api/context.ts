import { expected, optionsObject, requireFunction, requireReceiver, requireString } from '../core/checks.js';
import { ContextError } from '../core/errors.js';
import { apply } from '../core/intrinsics.js';
import { inheritWith, taskOf, type Dict, type Task } from '../core/task.js';
import { currentFrame, runAsTask } from '../seam/seam.js';

/** The shape of a context's dict: key names to value types. */
export type ContextSchema = Record<string, unknown>;
type Key<S> = keyof S & string;

const EMPTY_DICT: Dict = new Map();

/** Options of `new Context(options)`. */
export interface ContextOptions {
  /** A name for debugging and error messages. */
  name?: string;
  /**
   * How a value is copied into a task started with `run` or `runTask`
   * (for example `structuredClone`). Default: the value itself, a shallow
   * copy as AioContext's `dict.copy()`.
   */
  copy?: (value: unknown) => unknown;
}

/** `run()` and `update()` accept a plain object (the keys `Object.keys` lists: symbol-keyed properties are not keys), a Map, or any iterable of [key, value] pairs. */
export type ContextValues<S extends ContextSchema> = Partial<S> | Iterable<readonly [Key<S>, S[Key<S>]]>;

// Set by the class's #exposed field, which sees the private fields.
/** Whether `value` is a Context. */
let isContext: (value: unknown) => value is Context;

/**
 * A dict that belongs to the current task, the TypeScript successor of
 * AioContext's `Context`. A task starts at `context.run(values, fn)` or
 * `runTask(fn)`; everything it runs (code after each `await`, the callbacks,
 * timers and promise reactions it schedules, snapshots taken in it) shares
 * one dict and sees every write made so far. A new task starts with a copy,
 * so its writes never reach its parent or a sibling.
 *
 * ```ts
 * const request = new Context();
 * async function loadUser() {
 *   await db.connect();
 *   request.set('user', 'ada');
 * }
 * request.run({ requestId: 42 }, async () => {
 *   await loadUser();
 *   request.get('user'); // 'ada': the same task, the same dict
 * });
 * ```
 */
export class Context<S extends ContextSchema = ContextSchema> implements Iterable<[Key<S>, S[Key<S>]]> {
  readonly #name: string;
  readonly #copy: ((value: unknown) => unknown) | undefined;
  #attached = true;

  constructor(options?: ContextOptions) {
    const opts = optionsObject(options, 'new Context');
    const name = opts?.name;
    if (name !== undefined) requireString(name, 'new Context', 'options.name');
    const copy = opts?.copy;
    if (copy !== undefined) requireFunction(copy, 'new Context', 'options.copy');
    this.#name = name ?? '';
    this.#copy = copy as ((value: unknown) => unknown) | undefined;
    inheritWith(this, (dict) => (this.#attached ? this.#copied(dict) : undefined));
  }

  /** The name given to the constructor ('' if none). */
  get name(): string {
    check(this, 'name');
    return this.#name;
  }

  /** Whether tasks started from here inherit this context (true unless `detach()`ed). */
  get attached(): boolean {
    check(this, 'attached');
    return this.#attached;
  }

  /** Number of keys in the current task's dict (0 outside any task). */
  get size(): number {
    return read(this, 'size', '').size;
  }

  /** The value of `key` in the current task, or `defaultValue` if it has none. */
  get<K extends Key<S>>(key: K): S[K] | undefined;
  get<K extends Key<S>, D>(key: K, defaultValue: D): S[K] | D;
  get(key: string, defaultValue?: unknown): unknown {
    const dict = read(this, 'get', key);
    // One lookup when the key holds a value (the common case), two only for undefined.
    const value = dict.get(key);
    return value !== undefined || dict.has(key) ? value : defaultValue;
  }

  has(key: Key<S>): boolean {
    return read(this, 'has', key).has(key);
  }

  /** Sets `key` in the current task. Throws a ContextError outside any task. */
  set<K extends Key<S>>(key: K, value: S[K]): this {
    edit(this, 'set', key).set(key, value);
    return this;
  }

  /** Removes `key` from the current task; true if it was there. */
  delete(key: Key<S>): boolean {
    return edit(this, 'delete', key).delete(key);
  }

  /** Empties the current task's dict. */
  clear(): void {
    edit(this, 'clear', '').clear();
  }

  /** Sets every pair of `values` (an object, a Map or [key, value] pairs) at once. */
  update(values: ContextValues<S>): this {
    // Read into a dict of its own first: bad input (a symbol key, a bad pair) changes nothing.
    // The receiver is checked by edit(), once the values are.
    const given = mergeInto(new Map(), values, 'Context.update');
    mergeInto(edit(this, 'update', ''), given, 'Context.update');
    return this;
  }

  /** The value of `key`; if it has none, sets it to `value` first (Python's `setdefault`). */
  setDefault<K extends Key<S>>(key: K, value: S[K]): S[K] {
    const dict = edit(this, 'setDefault', key);
    if (!dict.has(key)) dict.set(key, value);
    return dict.get(key) as S[K];
  }

  /** Removes `key` and returns its value, or `defaultValue` if it had none. */
  pop<K extends Key<S>>(key: K): S[K] | undefined;
  pop<K extends Key<S>, D>(key: K, defaultValue: D): S[K] | D;
  pop(key: string, defaultValue?: unknown): unknown {
    const dict = edit(this, 'pop', key);
    const value = dict.has(key) ? dict.get(key) : defaultValue;
    dict.delete(key);
    return value;
  }

  keys(): IterableIterator<Key<S>> {
    return read(this, 'keys', '').keys() as IterableIterator<Key<S>>;
  }

  values(): IterableIterator<S[Key<S>]> {
    return read(this, 'values', '').values() as IterableIterator<S[Key<S>]>;
  }

  entries(): IterableIterator<[Key<S>, S[Key<S>]]> {
    return read(this, 'entries', '').entries() as IterableIterator<[Key<S>, S[Key<S>]]>;
  }

  [Symbol.iterator](): IterableIterator<[Key<S>, S[Key<S>]]> {
    // As Map's: the same iterator as entries(), without a lookup of `entries` on the receiver.
    return read(this, 'entries', '').entries() as IterableIterator<[Key<S>, S[Key<S>]]>;
  }

  forEach(callback: (value: S[Key<S>], key: Key<S>, context: this) => void, thisArg?: unknown): void {
    const dict = read(this, 'forEach', '');
    requireFunction(callback, 'Context.forEach');
    // Never `callback.call`: that is looked up on the user's function.
    for (const [key, value] of dict) apply(callback, thisArg, [value, key, this]);
  }

  /** A plain object copy of the current task's dict. */
  toObject(): Partial<S> {
    return Object.fromEntries(read(this, 'toObject', '')) as Partial<S>;
  }

  toJSON(): Partial<S> {
    return this.toObject();
  }

  /**
   * Runs `fn(...args)` as a new task whose dict is a copy of the current
   * task's merged with `values` (other attached contexts are copied too).
   * Writes inside never reach the caller.
   */
  run<A extends unknown[], R>(values: ContextValues<S>, fn: (...args: A) => R, ...args: A): R {
    check(this, 'run');
    // Attached or not, this context starts from a copy of the current dict, merged with `values`
    // (a new Map: bad input throws before anything is shared).
    const parent = currentFrame();
    const current = taskOf(parent)?.get(this);
    const dict = mergeInto(current === undefined ? new Map() : new Map(this.#copied(current)), values, 'Context.run');
    requireFunction(fn, 'Context.run');
    return runAsTask(parent, fn, args, this, dict);
  }

  /** New tasks inherit this context (the default). Kept from AioContext's vocabulary. */
  attach(): this {
    check(this, 'attach');
    this.#attached = true;
    return this;
  }

  /** New tasks started with `runTask` or another context's `run` start without this context's values. */
  detach(): this {
    check(this, 'detach');
    this.#attached = false;
    return this;
  }

  get [Symbol.toStringTag](): string {
    return 'Context';
  }

  #copied(dict: Dict): Dict {
    const copy = this.#copy;
    if (copy === undefined) return dict; // dicts are never changed in place: sharing is copying
    const result = new Map<string, unknown>();
    for (const [key, value] of dict) result.set(key, copy(value));
    return result;
  }

  // Hands the brand check to the functions outside the class (not a static block: React Native's Babel preset rejects those).
  static #exposed = (isContext = (value): value is Context => typeof value === 'object' && value !== null && #attached in value);
}

// The checks test first and build their message only to throw it: `Context.${method}`
// made on every call was a string concatenation per `get` (measured).
function check(self: unknown, method: string): void {
  if (!isContext(self)) requireReceiver(false, 'Context', method);
}

function checkKey(self: unknown, method: string, key: unknown): void {
  if (!isContext(self) || typeof key !== 'string') {
    check(self, method);
    requireString(key, `Context.${method}`);
  }
}

/** The current task's dict of `self`, after checking the receiver and the key ('' for a method without one). */
function read(self: Context, method: string, key: unknown): Dict {
  checkKey(self, method, key);
  return taskOf(currentFrame())?.get(self) ?? EMPTY_DICT;
}

/**
 * The current task's dict of `self`, for a write: a copy of it, which
 * becomes the task's dict at once, for the caller to change before anything
 * else runs; everything the task runs then sees the change. A copy, not an
 * edit in place, so that an iterator or a child task taken earlier keeps its
 * dict. Checks come first, so bad input or a missing task changes nothing.
 */
function edit(self: Context, method: string, key: unknown): Map<string, unknown> {
  checkKey(self, method, key);
  const task: Task | undefined = taskOf(currentFrame());
  if (!task) {
    throw new ContextError(
      `${self.name ? `Context "${self.name}"` : 'Context'}.${method}: no task; start one with context.run(values, fn) or runTask(fn)`,
    );
  }
  const dict = new Map(task.get(self) ?? EMPTY_DICT);
  task.set(self, dict);
  return dict;
}

/**
 * Sets every pair of `values` in `dict`, checked; returns `dict`. An object
 * gives what `Object.keys` lists, its own enumerable string keys (a symbol-
 * keyed property is not a key, as for `Object.entries`: looking for them cost
 * more than the rest of `Context.run`, measured); an iterable gives its pairs.
 */
function mergeInto(dict: Map<string, unknown>, values: unknown, where: string): Map<string, unknown> {
  if (values === null || typeof values !== 'object') {
    expected(where, 'an object or [key, value] pairs', values);
  }
  if (Symbol.iterator in values) {
    for (const pair of values as Iterable<unknown>) {
      if (pair === null || typeof pair !== 'object') {
        expected(where, '[key, value] pairs', pair);
      }
      const key: unknown = (pair as ArrayLike<unknown>)[0];
      requireString(key, where);
      dict.set(key, (pair as ArrayLike<unknown>)[1]);
    }
    return dict;
  }
  for (const key of Object.keys(values)) dict.set(key, (values as Record<string, unknown>)[key]);
  return dict;
}
