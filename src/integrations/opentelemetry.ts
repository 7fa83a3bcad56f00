import { diag, ROOT_CONTEXT, type Context, type ContextManagementToken, type ContextManager } from '@opentelemetry/api';
import { apply, call } from '../core/intrinsics.js';
import { bindToFrame, currentFrame, enterFrame, runWithValue } from '../seam/seam.js';

type Listener = ((this: unknown, event: unknown) => unknown) | { handleEvent(event: unknown): unknown };
type ListenerMethod = (this: unknown, type: string, listener: unknown, options?: unknown) => void;
interface ListenerTarget {
  addEventListener: ListenerMethod;
  removeEventListener: ListenerMethod;
}

type EmitterMethod = (this: unknown, event: string | symbol, listener: (...args: unknown[]) => unknown) => unknown;
/** A Node EventEmitter (an IncomingMessage, a ServerResponse, a stream): what instrumentation-http binds. */
interface Emitter {
  on: EmitterMethod;
  removeListener: EmitterMethod;
  [method: string]: unknown;
}

const ADD_METHODS = ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const;
const REMOVE_METHODS = ['removeListener', 'off'] as const;

function isEmitter(value: unknown): value is Emitter {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Emitter).on === 'function' &&
    typeof (value as Emitter).removeListener === 'function' &&
    typeof (value as { emit?: unknown }).emit === 'function'
  );
}

function isListenerTarget(value: unknown): value is ListenerTarget {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ListenerTarget).addEventListener === 'function' &&
    typeof (value as ListenerTarget).removeEventListener === 'function'
  );
}

/**
 * An OpenTelemetry `ContextManager` on taskcontext, for the browser and Node,
 * with no zone.js. The active context is one key of taskcontext's frame, so
 * it follows every `.then`, timer and listener the patch layer carries (and
 * every `await` on Node, or in a browser build with `taskcontext/rollup`).
 *
 * ```ts
 * import { context } from '@opentelemetry/api';
 * import { TaskContextManager } from 'taskcontext/opentelemetry';
 * context.setGlobalContextManager(new TaskContextManager().enable());
 * ```
 */
export class TaskContextManager implements ContextManager {
  /** The active context's key in taskcontext's frame; `disable()` makes a new one. */
  #key: object = {};
  #enabled = false;
  /** EventTargets bound by `bind`: the first binding wins, as in OpenTelemetry's own managers. */
  readonly #boundTargets = new WeakSet<object>();

  /** The active context: ROOT_CONTEXT outside any `with`, and whenever disabled. */
  active(): Context {
    return (this.#enabled && (currentFrame().read(this.#key, undefined) as Context | undefined)) || ROOT_CONTEXT;
  }

  /** Calls `fn` with `thisArg` and `args`, with `context` active for it and everything it schedules. */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return runWithValue(this.#key, context ?? ROOT_CONTEXT, fn, thisArg, args);
  }

  /** A function that runs in `context`, or an EventTarget whose listeners do; anything else unchanged. */
  bind<T>(context: Context, target: T): T {
    if (typeof target === 'function') return this.#bindFunction(context, target as unknown as (...args: unknown[]) => unknown) as T;
    if (isListenerTarget(target)) return this.#bindTarget(context, target) as T;
    if (isEmitter(target)) return this.#bindEmitter(context, target) as T;
    return target;
  }

  /**
   * Makes `context` active until the returned token is disposed (OpenTelemetry
   * API 1.10). Prefer `with`: the token must be disposed by the caller.
   * Best effort, as the API allows: where the backend cannot scope it (the
   * patch layer outside any `with`, a runtime without `enterWith`), it warns
   * through `diag` and returns a token that does nothing.
   */
  attach(context: Context): ContextManagementToken {
    const key = this.#key;
    const previous = currentFrame().read(key, undefined);
    if (!enterFrame(currentFrame().with(key, context))) {
      diag.warn('taskcontext ContextManager.attach: not attached (outside any context.with, or no enterWith in this runtime); use context.with');
      return { dispose() {} };
    }
    let disposed = false;
    return {
      dispose: () => {
        // Once only: a second dispose must not bring back a context that was replaced since.
        if (disposed) return;
        disposed = true;
        if (key === this.#key) enterFrame(currentFrame().with(key, previous));
      },
    };
  }

  enable(): this {
    this.#enabled = true;
    return this;
  }

  /** Back to ROOT_CONTEXT; contexts set before do not come back after `enable()`. */
  disable(): this {
    this.#enabled = false;
    this.#key = {};
    return this;
  }

  /** `fn` bound to the current frame with `context` active: its name and length are `fn`'s. */
  #bindFunction<F extends (...args: unknown[]) => unknown>(context: Context, fn: F): F {
    return bindToFrame(fn, currentFrame().with(this.#key, context), '');
  }

  #bindTarget(context: Context, target: ListenerTarget): ListenerTarget {
    if (this.#boundTargets.has(target)) return target;
    this.#boundTargets.add(target);
    const manager = this;
    const { addEventListener: add, removeEventListener: remove } = target;
    // listener → "type" → its bound wrapper, so that removal finds it. Kept after a
    // removal (weak on the listener): the platform decides, with the capture
    // flag, which registration a removal ends.
    const wrappers = new WeakMap<object, Map<string, unknown>>();
    const bindListener = (listener: Listener): unknown =>
      typeof listener === 'function'
        ? manager.#bindFunction(context, listener)
        : manager.#bindFunction(context, (event: unknown) => listener.handleEvent(event));
    target.addEventListener = function (type, listener, options) {
      if (listener === null || (typeof listener !== 'function' && typeof listener !== 'object')) {
        return call(add, this, type, listener, options);
      }
      let byType = wrappers.get(listener as object);
      if (!byType) wrappers.set(listener as object, (byType = new Map()));
      let wrapper = byType.get(type);
      if (!wrapper) byType.set(type, (wrapper = bindListener(listener as Listener)));
      return call(add, this, type, wrapper, options);
    };
    target.removeEventListener = function (type, listener, options) {
      const wrapper = typeof listener === 'object' || typeof listener === 'function' ? wrappers.get(listener as object)?.get(type) : undefined;
      return call(remove, this, type, wrapper ?? listener, options);
    };
    return target;
  }

  /** Listeners added to `emitter` run in `context`; removal with the original listener still works. */
  #bindEmitter(context: Context, emitter: Emitter): Emitter {
    if (this.#boundTargets.has(emitter)) return emitter;
    this.#boundTargets.add(emitter);
    // listener → event → its bound wrapper.
    const wrappers = new WeakMap<object, Map<string | symbol, (...args: unknown[]) => unknown>>();
    const bindFor = (listener: (...args: unknown[]) => unknown) => this.#bindFunction(context, listener);
    // Inside one of our add methods: Node's `once` adds its own wrapper through
    // `on`, which must pass it through, or removeListener(original) finds nothing.
    let adding = false;
    for (const name of ADD_METHODS) {
      const add = emitter[name];
      if (typeof add !== 'function') continue;
      emitter[name] = function (this: unknown, event: string | symbol, listener: (...args: unknown[]) => unknown) {
        if (adding || typeof listener !== 'function') return apply(add, this, arguments);
        let byEvent = wrappers.get(listener);
        if (!byEvent) wrappers.set(listener, (byEvent = new Map()));
        let wrapper = byEvent.get(event);
        if (!wrapper) byEvent.set(event, (wrapper = bindFor(listener)));
        adding = true;
        try {
          return apply(add, this, [event, wrapper]);
        } finally {
          adding = false;
        }
      };
    }
    for (const name of REMOVE_METHODS) {
      const remove = emitter[name];
      if (typeof remove !== 'function') continue;
      emitter[name] = function (this: unknown, event: string | symbol, listener: (...args: unknown[]) => unknown) {
        const wrapper = typeof listener === 'function' ? wrappers.get(listener)?.get(event) : undefined;
        return apply(remove, this, wrapper ? [event, wrapper] : arguments);
      };
    }
    return emitter;
  }
}
