import * as otel from '@opentelemetry/api';
import type { Context, ContextManagementToken, ContextManager } from '@opentelemetry/api';
import { copyNameAndLength } from '../core/function-shape.js';
import { apply, call } from '../core/intrinsics.js';
import { backendName, currentFrame, enterFrame, runWithValue } from '../seam/seam.js';

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

/** The parts of `@opentelemetry/api` the manager uses. */
type OpenTelemetryApi = Pick<typeof otel, 'ROOT_CONTEXT' | 'diag'>;

/**
 * An OpenTelemetry `ContextManager` on taskcontext, for the browser and Node,
 * with no zone.js. The active context is one key of taskcontext's frame, so
 * it follows every `.then`, timer and listener the patch layer carries (and
 * every `await` on Node, or in a browser build with a taskcontext bundler plugin).
 *
 * `enable()` and `disable()` behave as the manager it replaces on each
 * platform does: in browsers (the `'patch'` backend) as `ZoneContextManager`
 * (`active()` is `ROOT_CONTEXT` until `enable()` and after `disable()`); on
 * servers as `AsyncLocalStorageContextManager` (always active; `disable()`
 * hides the context until the next `with()` or `attach()`).
 *
 * ```ts
 * import { context } from '@opentelemetry/api';
 * import { TaskContextManager } from 'taskcontext/opentelemetry';
 * context.setGlobalContextManager(new TaskContextManager().enable());
 * ```
 */
export class TaskContextManager implements ContextManager {
  /**
   * The copy of `@opentelemetry/api` whose `ROOT_CONTEXT` and `diag` the
   * manager uses: the Node ESM entry subclasses the class with the app's ESM
   * copy (the CommonJS build would otherwise bring its own, whose
   * `ROOT_CONTEXT` is another object).
   * @internal
   */
  static openTelemetryApi: OpenTelemetryApi = otel;

  readonly #api = (this.constructor as typeof TaskContextManager).openTelemetryApi;
  /** The active context's key in taskcontext's frame. */
  readonly #key: object = {};
  /** ZoneContextManager's switch (browsers): off until `enable()`. */
  #enabled = false;
  /** AsyncLocalStorage's switch (servers): `disable()` hides the context until the next `with()` or `attach()`. */
  #hidden = false;
  /** EventTargets bound by `bind`: the first binding wins, as in OpenTelemetry's own managers. */
  readonly #boundTargets = new WeakSet<object>();

  /** The active context: ROOT_CONTEXT outside any `with`, and while off (see the class's note on `enable()`). */
  active(): Context {
    const off = backendName() === 'patch' ? !this.#enabled : this.#hidden;
    return (!off && (currentFrame().read(this.#key, undefined) as Context | undefined)) || this.#api.ROOT_CONTEXT;
  }

  /** Calls `fn` with `thisArg` and `args`, with `context` active for it and everything it schedules. */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.#hidden = false; // as AsyncLocalStorage.run after disable()
    return runWithValue(this.#key, context ?? this.#api.ROOT_CONTEXT, fn, thisArg, args);
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
    const frame = currentFrame();
    const previous = frame.read(key, undefined);
    if (!enterFrame(frame.with(key, context))) {
      this.#api.diag.warn('taskcontext ContextManager.attach: not attached (outside any context.with, or no enterWith in this runtime); use context.with');
      return { dispose() {} };
    }
    this.#hidden = false; // as AsyncLocalStorage.enterWith after disable()
    let disposed = false;
    return {
      dispose: () => {
        // Once only: a second dispose must not bring back a context that was replaced since.
        if (disposed) return;
        disposed = true;
        enterFrame(currentFrame().with(key, previous));
      },
    };
  }

  /** Turns the manager on (browsers; on servers it always is). */
  enable(): this {
    this.#enabled = true;
    return this;
  }

  /** `active()` is ROOT_CONTEXT: in browsers until `enable()`, on servers until the next `with()` or `attach()`. */
  disable(): this {
    this.#enabled = false;
    this.#hidden = true;
    return this;
  }

  /**
   * `fn` as OpenTelemetry's own managers bind it: each call is a `with(context)`
   * in the caller's frame (so a function bound by two managers has both
   * contexts, and a call ends a server's disable()); its name and length are `fn`'s.
   */
  #bindFunction<F extends (...args: unknown[]) => unknown>(context: Context, fn: F): F {
    const manager = this;
    const { bound } = {
      bound(this: unknown): unknown {
        // eslint-disable-next-line prefer-rest-params
        return manager.with(context, fn as (...args: unknown[]) => unknown, this, ...(arguments as unknown as unknown[]));
      },
    };
    return copyNameAndLength(bound, fn, '') as unknown as F;
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
