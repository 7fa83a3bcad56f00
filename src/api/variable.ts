import { isObject, requireFunction, requireReceiver } from '../core/checks.js';
import { setToStringTag } from '../core/to-string-tag.js';
import { MISS, type Frame } from '../core/frame.js';
import { usePrototypeFallback } from '../core/prototype-from-constructor.js';
import { currentFrame, runWithValue } from '../seam/seam.js';

/** Options of `new AsyncContext.Variable(options)`. */
export interface VariableOptions<T> {
  name?: string;
  defaultValue?: T;
}

// Set by the class's #exposed field, which sees the private fields (not a
// static block: React Native's Babel preset rejects those).
/** Whether `value` is a Variable. */
let isVariable: (value: unknown) => boolean;
/** A Variable's default value. */
let defaultOf: (variable: Variable) => unknown;

/**
 * The constructor's type: given a `defaultValue`, `get()` returns `T`, never
 * `undefined` (`new Variable({ defaultValue: 5 }).get()` is a `number`).
 */
export interface VariableConstructor {
  new <T>(options: VariableOptions<T> & { defaultValue: T }): VariableWithDefault<T, T>;
  new <T = unknown>(options?: VariableOptions<T>): VariableWithDefault<T>;
  readonly prototype: VariableWithDefault<unknown, unknown>;
}

/**
 * Variable.prototype, for the constructor's prototype fallback. Declared before
 * the class, set after it: a binding declared later than the constructor that
 * reads it costs a check of its initialization at every construction.
 */
let variablePrototype: object;

/**
 * `AsyncContext.Variable` from the TC39 proposal: a value that `run` sets
 * for a callback and everything it schedules.
 *
 * ```ts
 * const user = new Variable<string>({ defaultValue: 'anonymous' });
 * user.run('ada', async () => { await tick(); user.get(); }); // 'ada'
 * ```
 */
// Exported below under its own name, typed by VariableConstructor: a class
// declaration cannot give `D` a value from its constructor's argument.
class Variable<T = unknown, D = T | undefined> {
  readonly #name: string = '';
  readonly #defaultValue: T | undefined;

  constructor(options?: VariableOptions<T>) {
    usePrototypeFallback(this, new.target, variablePrototype);
    // As the proposal: options that are not an object are ignored.
    if (isObject(options)) {
      if ('name' in options) this.#name = `${options.name as string}`;
      this.#defaultValue = options.defaultValue;
    }
  }

  /** The name given to the constructor ('' if none). */
  get name(): string {
    requireReceiver(isVariable(this), 'Variable', 'name');
    return this.#name;
  }

  /** The value in the current frame, or the default value. */
  get(): D {
    // The hottest call of the library: answered from the frame's cache when
    // this Variable read this frame last, or set its newest entry (Frame.cached).
    // A receiver that is not a Variable is never a frame's key: it misses.
    const frame = currentFrame();
    const value = frame.cached(this);
    if (value !== MISS) return value as D;
    // A plain function on the miss path: SpiderMonkey will not inline a
    // method that calls a private one.
    return readAndCache(this, frame) as D;
  }

  /** Calls `fn(...args)` with this variable set to `value`, then restores the frame. */
  run<A extends unknown[], R>(value: T, fn: (...args: A) => R, ...args: A): R {
    requireReceiver(isVariable(this), 'Variable', 'run');
    requireFunction(fn, 'Variable.run');
    return runWithValue(this, value, fn, undefined, args);
  }

  static #exposed = [
    (isVariable = (value) => typeof value === 'object' && value !== null && #name in value),
    (defaultOf = (variable) => variable.#defaultValue),
  ];
}

// Set outside the class body: a class naming itself inside it gets renamed by some bundlers (esbuild: `_Variable`).
variablePrototype = Variable.prototype;
setToStringTag(variablePrototype, 'AsyncContext.Variable');

const VariableWithDefault = Variable as VariableConstructor;
/**
 * `AsyncContext.Variable` from the TC39 proposal: a value that `run` sets for
 * a callback and everything it schedules. `T` is what `run` sets, `D` what
 * `get()` returns: `T` when the constructor was given a `defaultValue`, else
 * `T | undefined`.
 *
 * ```ts
 * const user = new Variable({ defaultValue: 'anonymous' });
 * user.run('ada', async () => { await tick(); user.get(); }); // 'ada'
 * ```
 */
interface VariableWithDefault<T = unknown, D = T | undefined> {
  /** The name given to the constructor ('' if none). */
  readonly name: string;
  /** The value in the current frame, or the default value. */
  get(): D;
  /** Calls `fn(...args)` with this variable set to `value`, then restores the frame. */
  run<A extends unknown[], R>(value: T, fn: (...args: A) => R, ...args: A): R;
}
export { VariableWithDefault as Variable };

/** `variable.get()` when the frame's cache missed: checks the receiver, then reads through the cache. */
function readAndCache(variable: unknown, frame: Frame): unknown {
  requireReceiver(isVariable(variable), 'Variable', 'get');
  return frame.read(variable as Variable, defaultOf(variable as Variable));
}
