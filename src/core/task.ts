import type { Frame } from './frame.js';

// The task model (AioContext's): one record per task, holding each Context's
// dict. Frames refer to their task, so everything a task runs (code after
// each await, callbacks, listeners, timers, promise reactions, snapshots)
// reaches the same record and sees every write made so far. A new task gets
// a copy of its parent's dicts as they are at that moment.

/** A task's dict for one Context. Never changed once made: a write makes a new one. */
export type Dict = ReadonlyMap<string, unknown>;

/** A running task: the current dict of each Context it has one for. */
export interface Task {
  readonly dicts: Map<object, Dict>;
}

/** The frame key whose value is the frame's task. */
const TASK: object = Object.freeze({ description: 'taskcontext task' });

/** How a new task receives a Context's dict: a copy, or undefined to start without it (a detached context). */
export type Inherit = (dict: Dict) => Dict | undefined;

/** Each Context's inheritance rule, registered by its constructor. */
const inheritors = new WeakMap<object, Inherit>();

export function inheritWith(context: object, inherit: Inherit): void {
  inheritors.set(context, inherit);
}

/** The task `frame` belongs to, or undefined outside any task. */
export function taskOf(frame: Frame): Task | undefined {
  return frame.get(TASK) as Task | undefined;
}

/**
 * The frame of a new task started in `parent`: `parent` with a task record
 * whose dicts are copies of the parent task's (per each Context's rule), and
 * `own` (a context's dict for `context.run`) as given.
 */
export function startTask(parent: Frame, own?: readonly [context: object, dict: Dict]): Frame {
  const dicts = new Map<object, Dict>();
  const parentTask = taskOf(parent);
  if (parentTask) {
    for (const [context, dict] of parentTask.dicts) {
      const inherited = inheritors.get(context)?.(dict);
      if (inherited !== undefined) dicts.set(context, inherited);
    }
  }
  if (own) dicts.set(own[0], own[1]);
  const task: Task = { dicts };
  return parent.with(TASK, task);
}
