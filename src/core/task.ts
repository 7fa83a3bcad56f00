import { active } from '../backends/active.js';
import { requireFunction } from './checks.js';
import { Frame, REMOVE } from './frame.js';

/** The frame key whose presence means "inside a task": `Context` writes need it. */
const TASK: object = Object.freeze({ description: 'taskcontext task' });

/** How a new task receives a key's value: the value it starts with, or `REMOVE`. */
export type Inherit = (value: unknown) => unknown;

/** Keys with their own inheritance (each `Context`); others pass to a new task as they are. */
const inheritors = new WeakMap<object, Inherit>();

export function inheritWith(key: object, inherit: Inherit): void {
  inheritors.set(key, inherit);
}

function inherit(key: object, value: unknown): unknown {
  const inheritor = inheritors.get(key);
  return inheritor ? inheritor(value) : value;
}

/** The frame a task started from `parent` begins with. */
export function taskFrame(parent: Frame): Frame {
  return parent.map(inherit).with(TASK, true);
}

export function isInTask(frame: Frame): boolean {
  return frame.has(TASK);
}

export { REMOVE };

/**
 * Runs `fn(...args)` as a new task: every attached `Context` starts as a copy
 * of the current task's dict, and writes inside never reach the caller. The
 * counterpart of asyncio's `ensure_future` for AioContext users; also the way
 * to open a task for each request on a server.
 *
 * @returns what `fn` returns (a promise for an async `fn`).
 */
export function runTask<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  requireFunction(fn, 'runTask');
  const backend = active;
  return backend.run(taskFrame(backend.current()), fn, undefined, args);
}
