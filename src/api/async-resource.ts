import { describe, expected, requireFunction, requireReceiver } from '../core/checks.js';
import type { Frame } from '../core/frame.js';
import type { NodeResource, NodeResourceClass } from '../host/async-hooks.js';
import { server } from '../host/server.js';
import { currentFrame, runInFrame } from '../seam/seam.js';

/** Options of `new AsyncResource(type, options)`, as Node's. */
export interface AsyncResourceOptions {
  /** The id of the resource that caused this one (default: the current execution's id). */
  triggerAsyncId?: number;
  /** Node: do not emit `destroy` when the resource is garbage collected. Elsewhere ignored. */
  requireManualDestroy?: boolean;
}

/**
 * Node's own AsyncResource, when this is Node (on every Node since 20.0
 * through the package's `node` builds): it also carries the stores of
 * AsyncLocalStorage instances that are not taskcontext's, and its ids are the
 * ones `async_hooks` reports. Elsewhere ours is used (src/host/describe-server.ts).
 */
const platformClass: NodeResourceClass | undefined = server?.nodeAsyncResource;

/** Ids where the platform has none: 1 is the top level, as Node's executionAsyncId. */
let lastId = 1;
let executionId = 1;

/** Whether `value` is an AsyncResource; set by the class's static block. */
let isResource: (value: unknown) => boolean;

function invalidType(type: unknown): TypeError {
  const error = new TypeError(`new AsyncResource: the "type" argument must be of type string, got ${describe(type)}`);
  return Object.assign(error, { code: 'ERR_INVALID_ARG_TYPE' });
}

/**
 * Node's `AsyncResource` on every runtime: captures the whole current frame
 * (every Variable, AsyncLocalStorage and Context) when constructed, and runs
 * callbacks there later. Connection pools, queues and event emitters use it so
 * that a callback runs in its caller's context, not in whoever triggered it.
 *
 * ```ts
 * class Job extends AsyncResource {
 *   constructor(readonly work: () => void) { super('Job'); }
 *   start() { queue.push(() => this.runInAsyncScope(this.work)); }
 * }
 * ```
 */
export class AsyncResource {
  readonly #frame: Frame;
  readonly #platform: NodeResource | undefined;
  readonly #asyncId: number;
  readonly #triggerAsyncId: number;

  /**
   * @param type - What kind of resource this is (Node reports it to `async_hooks`).
   * @param options - Options, or (as Node accepts) the trigger id as a number.
   * @throws TypeError when `type` is not a string; RangeError when `triggerAsyncId` is not an integer ≥ -1.
   */
  constructor(type: string, options: AsyncResourceOptions | number = {}) {
    if (typeof type !== 'string') throw invalidType(type);
    this.#frame = currentFrame();
    if (platformClass) {
      // Node checks the options and gives the ids.
      this.#platform = new platformClass(type, options);
      this.#asyncId = this.#platform.asyncId();
      this.#triggerAsyncId = this.#platform.triggerAsyncId();
      return;
    }
    if (options === null || (typeof options !== 'object' && typeof options !== 'number')) {
      expected('new AsyncResource', 'an options object or a number', options);
    }
    const trigger = typeof options === 'number' ? options : (options.triggerAsyncId ?? executionId);
    if (!Number.isSafeInteger(trigger) || trigger < -1) {
      const error = new RangeError(`new AsyncResource: invalid triggerAsyncId value: ${describe(trigger)}`);
      throw Object.assign(error, { code: 'ERR_INVALID_ASYNC_ID' });
    }
    this.#platform = undefined;
    this.#asyncId = ++lastId;
    this.#triggerAsyncId = trigger;
  }

  /**
   * Calls `fn` with `thisArg` and `args` in the frame captured at construction
   * and returns its result; the current frame is restored afterwards.
   */
  runInAsyncScope<This, A extends unknown[], R>(fn: (this: This, ...args: A) => R, thisArg?: This, ...args: A): R {
    check(this, 'runInAsyncScope');
    requireFunction(fn, 'AsyncResource.runInAsyncScope');
    const frame = this.#frame;
    const platform = this.#platform;
    if (platform) return platform.runInAsyncScope(() => runInFrame(frame, fn, thisArg, args), undefined) as R;
    const outerId = executionId;
    executionId = this.#asyncId;
    try {
      return runInFrame(frame, fn, thisArg, args);
    } finally {
      executionId = outerId;
    }
  }

  /**
   * `fn` bound to this resource: every call runs in its scope, with `thisArg`
   * as `this` (or, if none is given, the call's own `this`).
   */
  bind<F extends (...args: never[]) => unknown>(fn: F, thisArg?: unknown): F & { readonly asyncResource: AsyncResource } {
    check(this, 'bind');
    if (typeof fn !== 'function') {
      const error = new TypeError(`AsyncResource.bind: the "fn" argument must be of type function, got ${describe(fn)}`);
      throw Object.assign(error, { code: 'ERR_INVALID_ARG_TYPE' });
    }
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let resource: AsyncResource = this;
    const useCallThis = thisArg === undefined;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return resource.runInAsyncScope(fn as unknown as (...args: unknown[]) => unknown, useCallThis ? this : thisArg, ...args);
    };
    Object.defineProperties(bound, {
      length: { configurable: true, enumerable: false, value: fn.length, writable: false },
      // As Node's (which deprecates it, DEP0172): enumerable, and replaceable through the setter.
      asyncResource: {
        configurable: true,
        enumerable: true,
        get: () => resource,
        set: (value: AsyncResource) => {
          resource = value;
        },
      },
    });
    return bound as unknown as F & { readonly asyncResource: AsyncResource };
  }

  /** `fn` bound to a new AsyncResource of `type` (default: `fn.name`, or `'bound-anonymous-fn'`). */
  static bind<F extends (...args: never[]) => unknown>(fn: F, type?: string, thisArg?: unknown): F & { readonly asyncResource: AsyncResource } {
    const name = type || (typeof fn === 'function' ? fn.name : '');
    return new AsyncResource(name || 'bound-anonymous-fn').bind(fn, thisArg);
  }

  /** This resource's unique id. */
  asyncId(): number {
    check(this, 'asyncId');
    return this.#asyncId;
  }

  /** The id of the resource that caused this one. */
  triggerAsyncId(): number {
    check(this, 'triggerAsyncId');
    return this.#triggerAsyncId;
  }

  /** Reports the resource destroyed to Node's `async_hooks` (elsewhere nothing to do); returns the resource. */
  emitDestroy(): this {
    check(this, 'emitDestroy');
    this.#platform?.emitDestroy();
    return this;
  }

  static {
    isResource = (value) => typeof value === 'object' && value !== null && #frame in value;
  }
}

function check(self: unknown, method: string): void {
  requireReceiver(isResource(self), `AsyncResource.${method}`, 'an AsyncResource');
}
