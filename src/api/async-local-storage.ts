import { active } from '../backends/active.js';
import { describe, requireFunction, requireReceiver } from '../core/checks.js';
import { copyNameAndLength } from '../core/function-shape.js';

/** Options of `new AsyncLocalStorage(options)` (Node 24's). */
export interface AsyncLocalStorageOptions<T> {
  /** What `getStore()` returns where no store was set. */
  defaultValue?: T;
  /** A name for debugging. */
  name?: string;
}

/** A storage's value in a frame inside `exit`: no store, whatever the outer frames had. */
const NO_STORE: object = Object.freeze({});

/** Whether `value` is an AsyncLocalStorage (has its private field); set by the class's static block. */
let isStorage: (value: unknown) => boolean;

/**
 * Node's `AsyncLocalStorage` API on every runtime. Each instance is one key of
 * the shared frame, so a `Snapshot` taken anywhere carries its store too.
 */
export class AsyncLocalStorage<T = unknown> {
  readonly #defaultValue: T | undefined;
  readonly #name: string;
  #enabled = true;
  /** This storage's key in a frame's read cache: not the instance, which Variable.get must never answer for. */
  readonly #readKey = {};

  constructor(options: AsyncLocalStorageOptions<T> = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`new AsyncLocalStorage: expected an options object, got ${describe(options)}`);
    }
    this.#defaultValue = options.defaultValue;
    this.#name = options.name === undefined ? '' : `${options.name}`;
  }

  /** The name given to the constructor ('' if none). */
  get name(): string {
    check(this, 'name');
    return this.#name;
  }

  /** The store of the current frame, or the default value if none was set or the instance is disabled. */
  getStore(): T | undefined {
    check(this, 'getStore');
    if (!this.#enabled) return this.#defaultValue;
    const store = active.current().read(this.#readKey, this, this.#defaultValue);
    return (store === NO_STORE ? this.#defaultValue : store) as T | undefined;
  }

  /** Calls `fn(...args)` with `store` as the store, for it and everything it schedules. */
  run<A extends unknown[], R>(store: T, fn: (...args: A) => R, ...args: A): R {
    check(this, 'run');
    requireFunction(fn, 'AsyncLocalStorage.run');
    this.#enabled = true;
    const backend = active;
    return backend.run(backend.current().with(this, store), fn, null, args);
  }

  /** Calls `fn(...args)` with no store, for it and everything it schedules. */
  exit<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
    check(this, 'exit');
    requireFunction(fn, 'AsyncLocalStorage.exit');
    const backend = active;
    return backend.run(backend.current().with(this, NO_STORE), fn, null, args);
  }

  /**
   * Sets `store` for the rest of the current synchronous run and what it
   * schedules. On the patch layer, only inside a `run` (or a callback the
   * layer carries): outside any, the store would reach callbacks queued before
   * it, so it throws a ContextError instead.
   */
  enterWith(store: T): void {
    check(this, 'enterWith');
    const backend = active;
    backend.enter(backend.current().with(this, store));
    this.#enabled = true; // only once entered: a refused enterWith changes nothing
  }

  /** `getStore()` returns the default value everywhere until the next `run` or `enterWith`. */
  disable(): void {
    check(this, 'disable');
    this.#enabled = false;
  }

  /** `fn` bound to the current frame: it runs there whenever it is called, with its call's `this`. */
  static bind<F extends (...args: never[]) => unknown>(fn: F): F {
    requireFunction(fn, 'AsyncLocalStorage.bind');
    const frame = active.current();
    const { bound } = {
      bound(this: unknown): unknown {
        // eslint-disable-next-line prefer-rest-params
        return active.run(frame, fn, this, arguments);
      },
    };
    return copyNameAndLength(bound, fn, 'bound') as unknown as F;
  }

  /** A runner for the current frame: `snapshot()(fn, ...args)` calls `fn` there. */
  static snapshot(): <A extends unknown[], R>(fn: (...args: A) => R, ...args: A) => R {
    const frame = active.current();
    return function runInSnapshot<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
      requireFunction(fn, 'AsyncLocalStorage.snapshot()');
      return active.run(frame, fn, undefined, args);
    };
  }

  static {
    isStorage = (value) => typeof value === 'object' && value !== null && #enabled in value;
  }
}

function check(self: unknown, method: string): void {
  requireReceiver(isStorage(self), `AsyncLocalStorage.${method}`, 'an AsyncLocalStorage');
}
