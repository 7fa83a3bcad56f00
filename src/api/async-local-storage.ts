import type { BackendName } from '../core/backend.js';
import { invalidArgType, requireFunction, requireReceiver } from '../core/checks.js';
import { ContextError } from '../core/errors.js';
import { backendName, bindToFrame, currentFrame, enterFrame, runInFrame, runWithValue } from '../seam/seam.js';

/** Options of `new AsyncLocalStorage(options)` (Node 24's). */
export interface AsyncLocalStorageOptions<T> {
  /** What `getStore()` returns where no store was set. */
  defaultValue?: T;
  /** A name for debugging. */
  name?: string;
}

/** A storage's value in a frame inside `exit`: no store, whatever the outer frames had. */
const NO_STORE: object = Object.freeze({});

/** Whether `value` is an AsyncLocalStorage (has its private field); set by the class's #exposed field. */
let isStorage: (value: unknown) => boolean;

/**
 * Node's `AsyncLocalStorage` API on every runtime. Each instance is one key of
 * the shared frame, so a `Snapshot` taken anywhere carries its store too.
 */
// Exported below under its own name, typed by AsyncLocalStorageConstructor: a
// class declaration cannot give `D` a value from its constructor's argument.
class AsyncLocalStorage<T = unknown, D = T | undefined> {
  readonly #defaultValue: T | undefined;
  readonly #name: string;
  #enabled = true;
  /** This storage's key in a frame: not the instance, which user code could pass to Variable.get as a receiver. */
  readonly #key = {};

  constructor(options: AsyncLocalStorageOptions<T> = {}) {
    // Node's checks, codes and messages (as for every argument error of its API).
    if (options === null || typeof options !== 'object') throw invalidArgType('options', 'object', options);
    this.#defaultValue = options.defaultValue;
    this.#name = options.name === undefined ? '' : `${options.name}`;
  }

  /** The name given to the constructor ('' if none). */
  get name(): string {
    check(this, 'name');
    return this.#name;
  }

  /** The store of the current frame, or the default value if none was set or the instance is disabled. */
  getStore(): D {
    check(this, 'getStore');
    if (!this.#enabled) return this.#defaultValue as D;
    const store = currentFrame().read(this.#key, this.#defaultValue);
    return (store === NO_STORE ? this.#defaultValue : store) as D;
  }

  /** Calls `fn(...args)` with `store` as the store, for it and everything it schedules. */
  run<A extends unknown[], R>(store: T, fn: (...args: A) => R, ...args: A): R {
    check(this, 'run');
    requireFunction(fn, 'AsyncLocalStorage.run');
    this.#enabled = true;
    return runWithValue(this.#key, store, fn, null, args);
  }

  /** Calls `fn(...args)` with no store, for it and everything it schedules. */
  exit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    check(this, 'exit');
    requireFunction(fn, 'AsyncLocalStorage.exit');
    return runWithValue(this.#key, NO_STORE, fn, null, args);
  }

  /**
   * Sets `store` for the rest of the current synchronous run and what it
   * schedules. On the patch layer, only inside a `run` (or a callback the
   * layer carries): outside any, the store would reach callbacks queued before
   * it, so it throws a ContextError instead.
   */
  enterWith(store: T): void {
    check(this, 'enterWith');
    if (!enterFrame(currentFrame().with(this.#key, store))) refuseEnter(backendName());
    this.#enabled = true; // only once entered: a refused enterWith changes nothing
  }

  /** `getStore()` returns the default value everywhere until the next `run` or `enterWith`. */
  disable(): void {
    check(this, 'disable');
    this.#enabled = false;
  }

  /** `fn` bound to the current frame: it runs there whenever it is called, with its call's `this`. */
  static bind<F extends (...args: never[]) => unknown>(fn: F): F {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'function', fn);
    return bindToFrame(fn as F & ((...args: never) => unknown), currentFrame(), 'bound');
  }

  /** A runner for the current frame: `snapshot()(fn, ...args)` calls `fn` there. */
  static snapshot(): <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => R {
    const frame = currentFrame();
    return function runInSnapshot<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
      requireFunction(fn, 'AsyncLocalStorage.snapshot()');
      return runInFrame(frame, fn, undefined, args);
    };
  }

  // Hands the brand check to the functions outside the class (not a static block: React Native's Babel preset rejects those).
  static #exposed = (isStorage = (value) => typeof value === 'object' && value !== null && #enabled in value);
}

/**
 * The constructor's type: given a `defaultValue`, `getStore()` returns `T`,
 * never `undefined` (`new AsyncLocalStorage({ defaultValue: 5 }).getStore()` is a `number`).
 */
export interface AsyncLocalStorageConstructor {
  new <T>(options: AsyncLocalStorageOptions<T> & { defaultValue: T }): AsyncLocalStorageWithDefault<T, T>;
  new <T = unknown>(options?: AsyncLocalStorageOptions<T>): AsyncLocalStorageWithDefault<T>;
  readonly prototype: AsyncLocalStorageWithDefault<unknown, unknown>;
  /** `fn` bound to the current frame: it runs there whenever it is called, with its call's `this`. */
  bind<F extends (...args: never[]) => unknown>(fn: F): F;
  /** A runner for the current frame: `snapshot()(fn, ...args)` calls `fn` there. */
  snapshot(): <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => R;
}

const AsyncLocalStorageWithDefault = AsyncLocalStorage as AsyncLocalStorageConstructor;
/**
 * Node's `AsyncLocalStorage` API on every runtime. Each instance is one key of
 * the shared frame, so a `Snapshot` taken anywhere carries its store too. `T`
 * is the store `run` sets, `D` what `getStore()` returns: `T` when the
 * constructor was given a `defaultValue`, else `T | undefined`.
 */
interface AsyncLocalStorageWithDefault<T = unknown, D = T | undefined> {
  /** The name given to the constructor ('' if none). */
  readonly name: string;
  /** The store of the current frame, or the default value if none was set or the instance is disabled. */
  getStore(): D;
  /** Calls `fn(...args)` with `store` as the store, for it and everything it schedules. */
  run<A extends unknown[], R>(store: T, fn: (...args: A) => R, ...args: A): R;
  /** Calls `fn(...args)` with no store, for it and everything it schedules. */
  exit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R;
  /** Sets `store` for the rest of the current synchronous run and what it schedules. */
  enterWith(store: T): void;
  /** `getStore()` returns the default value everywhere until the next `run` or `enterWith`. */
  disable(): void;
}
export { AsyncLocalStorageWithDefault as AsyncLocalStorage };

function check(self: unknown, method: string): void {
  requireReceiver(isStorage(self), 'AsyncLocalStorage', method, 'an');
}

/** Why `enterWith` was refused: the runtime has none (an engine's AsyncContext, workerd's AsyncLocalStorage), or (the patch layer) no run is open to end it. */
function refuseEnter(backend: BackendName): never {
  throw new ContextError(
    `AsyncLocalStorage.enterWith: unavailable ${backend === 'patch' ? 'outside any run' : `on the '${backend}' backend`}; use storage.run(store, fn)`,
  );
}
