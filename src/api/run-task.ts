import { requireFunction } from '../core/checks.js';
import { currentFrame, runAsTask } from '../seam/seam.js';

/**
 * Runs `fn(...args)` as a new task: every attached `Context` starts as a copy
 * of the current task's dict, and writes inside never reach the caller (nor a
 * sibling). The counterpart of creating an asyncio Task with AioContext's task
 * factory; also the way to open a task for each request on a server, or to
 * give each of several concurrent branches its own dict.
 *
 * @returns what `fn` returns (a promise for an async `fn`).
 */
export function runTask<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  requireFunction(fn, 'runTask');
  return runAsTask(currentFrame(), fn, args);
}
