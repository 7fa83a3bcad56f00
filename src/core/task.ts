import type { Frame } from './frame.js';

// The task model (AioContext's): one record per task, holding each Context's
// dict. Frames refer to their task, so everything a task runs (code after
// each await, callbacks, listeners, timers, promise reactions, snapshots)
// reaches the same record and sees every write made so far. A new task gets
// a copy of its parent's dicts as they are at that moment.

/** A task's dict for one Context. Never changed once made: a write makes a new one. */
export type Dict = ReadonlyMap<string, unknown>;

/**
 * A running task: the current dict of each Context it has one for. Most
 * tasks hold one context's dict (one `Context` in the app, or a task started
 * by its `run`), kept in two fields; a Map only for the others. `Context.run`
 * makes one per call, and a Map is two allocations where this is one.
 */
export interface Task {
  // Declared here rather than in the class body: the constructor's writes
  // make them, with no class field defined first (see Frame). Only this module uses them.
  ownContext: object | undefined;
  ownDict: Dict | undefined;
  /** Made when a second context gets a dict. */
  others: Map<object, Dict> | undefined;
}

export class Task {
  constructor(context?: object, dict?: Dict) {
    this.ownContext = context;
    this.ownDict = dict;
  }

  get(context: object): Dict | undefined {
    return context === this.ownContext ? this.ownDict : this.others?.get(context);
  }

  set(context: object, dict: Dict): void {
    if (this.ownContext === undefined || context === this.ownContext) {
      this.ownContext = context;
      this.ownDict = dict;
    } else {
      (this.others ??= new Map()).set(context, dict);
    }
  }

  /** Calls `fn` with each context and its dict. */
  forEach(fn: (dict: Dict, context: object) => void): void {
    if (this.ownContext !== undefined) fn(this.ownDict!, this.ownContext);
    this.others?.forEach(fn);
  }
}

/** How a new task receives a Context's dict: a copy, or undefined to start without it (a detached context). */
export type Inherit = (dict: Dict) => Dict | undefined;

/** Each Context's inheritance rule, registered by its constructor. */
const inheritors = new WeakMap<object, Inherit>();

export function inheritWith(context: object, inherit: Inherit): void {
  inheritors.set(context, inherit);
}

/** The task `frame` belongs to, or undefined outside any task. */
export function taskOf(frame: Frame): Task | undefined {
  return frame.task as Task | undefined;
}

/**
 * The frame of a new task started in `parent`: `parent` with a task record
 * whose dicts are copies of the parent task's (per each Context's rule), and
 * `own` (a context's dict for `context.run`) as given.
 */
export function startTask(parent: Frame, ownContext?: object, ownDict?: Dict): Frame {
  const task = new Task(ownContext, ownDict);
  taskOf(parent)?.forEach((dict, context) => {
    if (context === ownContext) return; // set above: no copy made for nothing
    const inherited = inheritors.get(context)?.(dict);
    if (inherited !== undefined) task.set(context, inherited);
  });
  return parent.inTask(task);
}
