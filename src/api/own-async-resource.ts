import { invalidArgType } from '../core/checks.js';
import { describe } from '../core/describe.js';
import { apply } from '../core/intrinsics.js';

/** Options of `new AsyncResource(type, options)`, as Node's. */
export interface AsyncResourceOptions {
  /** The id of the resource that caused this one (default: the current execution's id). */
  triggerAsyncId?: number;
  /** Node: do not emit `destroy` when the resource is garbage collected. Elsewhere ignored. */
  requireManualDestroy?: boolean;
}

/**
 * Node's checks of `new AsyncResource(type, options)`, with its codes and
 * messages word for word; returns the trigger id given, if any. Runs before
 * the runtime's own class sees the arguments (Deno's checks none of them).
 */
export function checkResourceArguments(type: unknown, options: unknown): number | undefined {
  if (typeof type !== 'string') throw invalidArgType('type', 'string', type);
  if (options === null || (typeof options !== 'object' && typeof options !== 'number')) throw invalidArgType('options', 'object', options);
  const trigger = typeof options === 'number' ? options : (options as AsyncResourceOptions).triggerAsyncId;
  if (trigger !== undefined && (!Number.isSafeInteger(trigger) || trigger < -1)) {
    const error = new RangeError(`Invalid triggerAsyncId value: ${typeof trigger === 'number' ? trigger : describe(trigger)}`);
    throw Object.assign(error, { code: 'ERR_INVALID_ASYNC_ID' });
  }
  return trigger;
}

/** Ids where the runtime has none: 1 is the top level, as Node's executionAsyncId. */
let lastId = 1;
let executionId = 1;

/**
 * The base of `AsyncResource` (./async-resource.ts) where the runtime has no
 * AsyncResource to extend (workerd, browsers): ids of its own. Its arguments
 * were checked by checkResourceArguments.
 */
export class OwnAsyncResource {
  readonly #asyncId = ++lastId;
  readonly #triggerAsyncId: number;

  constructor(_type: string, options: AsyncResourceOptions | number) {
    this.#triggerAsyncId = (typeof options === 'number' ? options : options.triggerAsyncId) ?? executionId;
  }

  /** Calls `fn` with `thisArg` and `args`, with this resource's id as the execution's. */
  runInAsyncScope(fn: (...args: never) => unknown, thisArg?: unknown, ...args: unknown[]): unknown {
    const outerId = executionId;
    executionId = this.#asyncId;
    try {
      return apply(fn, thisArg, args);
    } finally {
      executionId = outerId;
    }
  }

  asyncId(): number {
    return this.#asyncId;
  }

  triggerAsyncId(): number {
    return this.#triggerAsyncId;
  }

  /** Node reports the resource destroyed to `async_hooks`; here there is nothing to report. */
  emitDestroy(): this {
    return this;
  }
}
