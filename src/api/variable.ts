import { active } from '../backends/active.js';
import { requireFunction, requireReceiver } from '../core/checks.js';
import { runInScope } from '../core/task.js';

/** Options of `new AsyncContext.Variable(options)`. */
export interface VariableOptions<T> {
  name?: string;
  defaultValue?: T;
}

/**
 * `AsyncContext.Variable` from the TC39 proposal: a value that `run` sets
 * for a callback and everything it schedules.
 *
 * ```ts
 * const user = new Variable<string>({ defaultValue: 'anonymous' });
 * user.run('ada', async () => { await tick(); user.get(); }); // 'ada'
 * ```
 */
export class Variable<T = unknown> {
  readonly #name: string;
  readonly #defaultValue: T | undefined;

  constructor(options?: VariableOptions<T>) {
    let name = '';
    let defaultValue: T | undefined;
    // As the proposal: options that are not an object are ignored.
    if (options !== null && (typeof options === 'object' || typeof options === 'function')) {
      if ('name' in options) name = `${options.name as string}`;
      defaultValue = options.defaultValue;
    }
    this.#name = name;
    this.#defaultValue = defaultValue;
  }

  /** The name given to the constructor ('' if none). */
  get name(): string {
    requireReceiver(isVariable(this), 'Variable.name', 'a Variable');
    return this.#name;
  }

  /** The value in the current frame, or the default value. */
  get(): T | undefined {
    // The hottest call of the library: the receiver check is inlined.
    if (typeof this !== 'object' || this === null || !(#name in this)) {
      requireReceiver(false, 'Variable.get', 'a Variable');
    }
    const frame = active.current();
    const value = frame.get(this);
    return value !== undefined || frame.has(this) ? (value as T) : this.#defaultValue;
  }

  /** Calls `fn(...args)` with this variable set to `value`, then restores the frame. */
  run<A extends unknown[], R>(value: T, fn: (...args: A) => R, ...args: A): R {
    requireReceiver(isVariable(this), 'Variable.run', 'a Variable');
    requireFunction(fn, 'Variable.run');
    const backend = active;
    const outer = backend.current();
    return runInScope(backend, outer, outer.with(this, value), fn, undefined, args);
  }

  static {
    Object.defineProperty(this.prototype, Symbol.toStringTag, { value: 'AsyncContext.Variable', configurable: true });
  }

  /** @internal */
  static isVariable(value: unknown): boolean {
    return typeof value === 'object' && value !== null && #name in value;
  }
}

const isVariable = (value: unknown): boolean => Variable.isVariable(value);
