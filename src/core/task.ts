import { active } from '../backends/active.js';
import type { Backend } from './backend.js';
import { requireFunction } from './checks.js';
import type { Frame } from './frame.js';
import { frameEntries, mapFrame, REMOVE } from './frame-edits.js';
import { setScopeRunner, type ScopeRunner } from './scope.js';

/**
 * The frame key whose presence means "inside a task" (`Context` writes need
 * it); its value is a token unique to each task start.
 */
const TASK: object = Object.freeze({ description: 'taskcontext task' });

/** How a new task receives a key's value: the value it starts with, or `REMOVE`. */
export type Inherit = (value: unknown) => unknown;

/**
 * Keys owned by the task (each `Context`), with how a new task inherits them;
 * other keys pass to a new task as they are.
 */
const inheritors = new WeakMap<object, Inherit>();

export function inheritWith(key: object, inherit: Inherit): void {
  inheritors.set(key, inherit);
}

function inherit(key: object, value: unknown): unknown {
  const inheritor = inheritors.get(key);
  return inheritor ? inheritor(value) : value;
}

/**
 * The frame a task started from `parent` begins with: every entry inherited,
 * a fresh task token, and `own` (a context's own dict for `context.run`) set
 * as given rather than inherited. One copy of the frame.
 */
export function taskFrame(parent: Frame, own?: readonly [key: object, value: unknown]): Frame {
  const additions: Array<readonly [object, unknown]> = [[TASK, {}]];
  if (own) additions.push(own);
  return mapFrame(parent, own ? (key, value) => (key === own[0] ? REMOVE : inherit(key, value)) : inherit, additions);
}

/**
 * Runs `fn` in `entered`, a narrower scope of the task in `outer` (a Variable
 * or a storage changed): `Context` writes made inside belong to the task and
 * are kept when the scope ends. Registered with ./scope.ts when this module
 * loads: without tasks (a bundle with no Context) a scope is a plain run.
 */
const runInTaskScope: ScopeRunner = (backend, outer, entered, fn, thisArg, args) => {
  if (!outer.has(TASK)) return backend.run(entered, fn, thisArg, args); // no task, no writes to keep
  let inner = entered;
  try {
    return backend.run(
      entered,
      function (this: unknown) {
        try {
          // eslint-disable-next-line prefer-rest-params
          return Reflect.apply(fn, thisArg, arguments) as ReturnType<typeof fn>;
        } finally {
          inner = backend.current();
        }
      },
      undefined,
      args,
    );
  } finally {
    if (inner !== entered) keepTaskWrites(backend, entered, inner);
  }
};
setScopeRunner(runInTaskScope);

/** Carries the task-owned entries that changed between `entered` and `inner` into the current frame. */
function keepTaskWrites(backend: Backend, entered: Frame, inner: Frame): void {
  let frame = backend.current();
  if (inner.get(TASK) !== frame.get(TASK)) return; // the scope ended in another task: nothing of ours
  for (const [key, value] of frameEntries(inner)) {
    if (inheritors.has(key) && entered.get(key) !== value) frame = frame.with(key, value);
  }
  backend.enter(frame);
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
