import { invalidArgType, requireFunction, requireReceiver } from '../core/checks.js';
import type { Frame } from '../core/frame.js';
import { server } from '../host/server.js';
import { backendName, currentFrame, runInFrame } from '../seam/seam.js';
import { checkResourceArguments, OwnAsyncResource, type AsyncResourceOptions } from './own-async-resource.js';

export type { AsyncResourceOptions } from './own-async-resource.js';

/** What the class needs of the one it extends: Node's AsyncResource API (Deno's has no `triggerAsyncId`). */
interface ResourceBase {
  runInAsyncScope(fn: (...args: never) => unknown, thisArg?: unknown, ...args: unknown[]): unknown;
  asyncId(): number;
  triggerAsyncId?(): number;
  emitDestroy(): unknown;
}

/**
 * The runtime's own AsyncResource (Node, Bun, Deno), so that the ids are the
 * ones its `executionAsyncId()` and async_hooks report; ours elsewhere.
 */
const Base = (server?.asyncResource ?? OwnAsyncResource) as new (type: string, options?: AsyncResourceOptions | number) => ResourceBase;

/**
 * Deeper than this, nested runInAsyncScope calls leave the runtime's
 * bookkeeping out: Node's can run out of stack between its push and its
 * pop, which aborts the process ("async hook stack has become corrupted")
 * instead of throwing a RangeError. Past the limit a call still runs in the
 * resource's frame; only the runtime's execution id is not switched.
 */
const NESTING_THROUGH_RUNTIME = 1000;
let nesting = 0;

/** Whether `value` is an AsyncResource; set by the class's #exposed field. */
let isResource: (value: unknown) => boolean;

/**
 * Node's `AsyncResource` on every runtime: captures the whole current frame
 * (every Variable, AsyncLocalStorage and Context) when constructed, and runs
 * callbacks there later. Connection pools, queues and event emitters use it so
 * that a callback runs in its caller's context, not in whoever triggered it.
 * Where the runtime has its own (Node, Bun, Deno), this class extends it: the
 * ids, the argument checks and `async_hooks` are the runtime's.
 *
 * ```ts
 * class Job extends AsyncResource {
 *   constructor(readonly work: () => void) { super('Job'); }
 *   start() { queue.push(() => this.runInAsyncScope(this.work)); }
 * }
 * ```
 */
export class AsyncResource extends Base {
  readonly #frame: Frame = currentFrame();
  /** The trigger id, for a runtime class without `triggerAsyncId()` (Deno's). */
  readonly #triggerAsyncId: number;

  /**
   * @param type - What kind of resource this is (Node reports it to `async_hooks`).
   * @param options - Options, or (as Node accepts) the trigger id as a number.
   * @throws TypeError `ERR_INVALID_ARG_TYPE` when `type` is not a string; RangeError `ERR_INVALID_ASYNC_ID` when `triggerAsyncId` is not an integer ≥ -1.
   */
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(type: string, options: AsyncResourceOptions | number = {}) {
    const trigger = checkResourceArguments(type, options);
    super(type, options);
    this.#triggerAsyncId = trigger ?? server?.asyncHooks?.executionAsyncId?.() ?? 0;
  }

  /**
   * Calls `fn` with `thisArg` and `args` in the frame captured at construction
   * and returns its result; the current frame is restored afterwards.
   */
  override runInAsyncScope<This, A extends unknown[], R>(fn: (this: This, ...args: A) => R, thisArg?: This, ...args: A): R {
    check(this, 'runInAsyncScope');
    requireFunction(fn, 'AsyncResource.runInAsyncScope');
    if (nesting >= NESTING_THROUGH_RUNTIME) return runInFrame(this.#frame, fn, thisArg, args);
    nesting++;
    try {
      // The runtime's own class restores the library's frame with every other
      // store: one call, the runtime's own stack use. Elsewhere the frame is
      // restored inside its scope.
      return (
        carriesFrame()
          ? super.runInAsyncScope(fn as (...args: never) => unknown, thisArg, ...args)
          : super.runInAsyncScope(runInFrame as (...args: never) => unknown, undefined, this.#frame, fn, thisArg, args)
      ) as R;
    } finally {
      nesting--;
    }
  }

  /**
   * `fn` bound to this resource: every call runs in its scope, with `thisArg`
   * as `this` (or, if none is given, the call's own `this`).
   */
  bind<F extends (...args: never[]) => unknown>(fn: F, thisArg?: unknown): F & { readonly asyncResource: AsyncResource } {
    check(this, 'bind');
    // Ours on every runtime: Bun's and Deno's bound functions have no `asyncResource`.
    if (typeof fn !== 'function') throw invalidArgType('fn', 'function', fn);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let resource: AsyncResource = this;
    const bound = function (this: unknown, ...args: unknown[]): unknown {
      return resource.runInAsyncScope(fn as unknown as (...args: unknown[]) => unknown, thisArg === undefined ? this : thisArg, ...args);
    };
    return Object.defineProperties(bound, {
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
    }) as unknown as F & { readonly asyncResource: AsyncResource };
  }

  /** `fn` bound to a new AsyncResource of `type` (default: `fn.name`, or `'bound-anonymous-fn'`). */
  static override bind<F extends (...args: never[]) => unknown>(fn: F, type?: string, thisArg?: unknown): F & { readonly asyncResource: AsyncResource } {
    // Not the runtime's own static bind: that makes a resource of its own class, which restores no frame off 'als'.
    return new AsyncResource(type || (typeof fn === 'function' && fn.name) || 'bound-anonymous-fn').bind(fn, thisArg);
  }

  /** This resource's unique id (the runtime's, where it has async ids). */
  override asyncId(): number {
    check(this, 'asyncId');
    return super.asyncId();
  }

  /** The id of the resource that caused this one. */
  override triggerAsyncId(): number {
    check(this, 'triggerAsyncId');
    return super.triggerAsyncId?.() ?? this.#triggerAsyncId;
  }

  /** Reports the resource destroyed to the runtime's `async_hooks` (where it has none, nothing to do); returns the resource. */
  override emitDestroy(): this {
    check(this, 'emitDestroy');
    super.emitDestroy();
    return this;
  }

  // Hands the brand check to the functions outside the class (not a static block: React Native's Babel preset rejects those).
  static #exposed = (isResource = (value) => typeof value === 'object' && value !== null && #frame in value);
}

/**
 * Whether the base class restores the library's frame by itself: the
 * runtime's own restores every AsyncLocalStorage's store as it was when the
 * resource was made, and on 'als' the frame is one.
 */
function carriesFrame(): boolean {
  return server?.asyncResource !== undefined && backendName() === 'als';
}

function check(self: unknown, method: string): void {
  requireReceiver(isResource(self), 'AsyncResource', method, 'an');
}
