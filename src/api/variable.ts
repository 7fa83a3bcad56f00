import { active } from '../backends/active.js';
import { requireFunction, requireReceiver } from '../core/checks.js';
import { setToStringTag } from '../core/to-string-tag.js';
import type { Frame } from '../core/frame.js';

/** Options of `new AsyncContext.Variable(options)`. */
export interface VariableOptions<T> {
  name?: string;
  defaultValue?: T;
}

// Set by the class's static block, which sees the private fields.
/** Whether `value` is a Variable. */
let isVariable: (value: unknown) => boolean;
/** A Variable's default value. */
let defaultOf: (variable: Variable) => unknown;

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
    // The hottest call of the library: answered from the frame's cache when
    // this Variable read this frame last (see Frame.readerKey).
    const frame = active.current();
    if (frame.readerKey === this) return frame.readerValue as T | undefined;
    // A plain function on the miss path: SpiderMonkey will not inline a
    // method that calls a private one.
    return readAndCache(this, frame) as T | undefined;
  }

  /** Calls `fn(...args)` with this variable set to `value`, then restores the frame. */
  run<A extends unknown[], R>(value: T, fn: (...args: A) => R, ...args: A): R {
    requireReceiver(isVariable(this), 'Variable.run', 'a Variable');
    requireFunction(fn, 'Variable.run');
    const backend = active;
    const entered = backend.current().with(this, value);
    // What this variable's get() will read first (and often only) here.
    entered.readerKey = this;
    entered.readerValue = value;
    return backend.run(entered, fn, undefined, args);
  }

  static {
    setToStringTag(this.prototype, 'AsyncContext.Variable');
    isVariable = (value) => typeof value === 'object' && value !== null && #name in value;
    defaultOf = (variable) => variable.#defaultValue;
  }
}

/** `variable.get()` when the frame's cache missed: checks the receiver, then reads through the cache. */
function readAndCache(variable: unknown, frame: Frame): unknown {
  requireReceiver(isVariable(variable), 'Variable.get', 'a Variable');
  return frame.read(variable as Variable, variable as Variable, defaultOf(variable as Variable));
}
