import { active, useBackendByName } from '../backends/active.js';
import type { BackendName } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { copyNameAndLength } from '../core/function-shape.js';
import { startTask, type Dict } from '../core/task.js';

// The one way above the backends to the current frame: every API (Variable,
// Snapshot, AsyncLocalStorage, AsyncResource, Context, runTask, the
// OpenTelemetry manager) and every patch goes through these functions, and
// only this module reads the active backend.

type AnyFunction = (...args: never) => unknown;

/** A frame, or how to find it at each call (an XHR's listeners under 'dispatch': the frame of its last send()). */
export type FrameSource = Frame | (() => Frame);

/** The frame `source` stands for now. */
const frameOf = (source: FrameSource): Frame => (typeof source === 'function' ? source() : source);

// The calls every API makes most (Variable.get, each .then, Snapshot.run,
// the two of each built `await`) are the active backend's own functions, not
// calls around them: a layer between cost up to 1.2-1.4x in V8 (Snapshot
// capture and run, built await, against 615cf49, bench/compare.ts).
// switchBackend keeps them the active one's.

/** The frame code runs in now. */
export let currentFrame: () => Frame = active.current;

/**
 * Calls `fn` with `thisArg` and `args` in `frame`; the frame it found is current
 * again afterwards. A caller that has just read the current frame passes it as
 * `from` (on AsyncLocalStorage a lookup of the store costs as much as the run).
 */
export let runInFrame: <R>(frame: Frame, fn: (...args: never) => R, thisArg: unknown, args: ArrayLike<unknown>, from?: Frame) => R = active.run;

/** The name of the backend in use. */
export const backendName = (): BackendName => active.name;

/** Makes the backend called `name` the one in use; throws a ContextError if this runtime has none such. */
export function switchBackend(name: unknown): void {
  useBackendByName(name);
  currentFrame = active.current;
  runInFrame = active.run;
  enterScope = active.enterScope ?? ((frame) => frame);
  leaveScope = active.leaveScope ?? ((frame) => frame);
}

/**
 * Calls `fn` with `thisArg` and `args` in the current frame with `key` set to
 * `value` (Variable.run, AsyncLocalStorage.run and exit). Where `key`
 * already holds `value`, the frame is the current one (Frame.with): nothing
 * is allocated. Through the live bindings above (the backend's own functions):
 * no read of `active` on the way.
 */
export function runWithValue<R>(key: object, value: unknown, fn: (...args: never) => R, thisArg: unknown, args: ArrayLike<unknown>): R {
  const from = currentFrame();
  return runInFrame(from.with(key, value), fn, thisArg, args, from);
}

/**
 * Calls `fn(...args)` as a new task (runTask, Context.run) started in `from`,
 * the current frame, which the caller has just read: the task's dicts are
 * copies of `from`'s task's, and `context`'s is `dict` when given. (On
 * AsyncLocalStorage a second read of the frame costs as much as the run.)
 */
export function runAsTask<R>(from: Frame, fn: (...args: never) => R, args: ArrayLike<unknown>, context?: object, dict?: Dict): R {
  return active.run(startTask(from, context, dict), fn, undefined, args, from);
}

/** Makes `frame` current for the rest of the running code (Node's enterWith); false, changing nothing, where the backend cannot. */
export function enterFrame(frame: Frame): boolean {
  return active.enter(frame);
}

/** Whether the backend can open scopes (`enterScope`); an engine's AsyncContext and workerd's AsyncLocalStorage cannot. */
export function canEnterScopes(): boolean {
  return active.enterScope !== undefined;
}

/**
 * Makes `frame` current for a stretch of code that ends with
 * `leaveScope(returned frame)`; where the backend carries frames itself
 * (an engine's AsyncContext, workerd), changes nothing.
 */
export let enterScope: (frame: Frame) => Frame = active.enterScope ?? ((frame) => frame);

/** Ends a stretch opened by `enterScope`: `frame` is current again; returns the frame of the stretch. */
export let leaveScope: (frame: Frame) => Frame = active.leaveScope ?? ((frame) => frame);

/**
 * A function that calls `fn` in `source`'s frame with its own call's `this`
 * and arguments. Not a constructor. Given a `prefix`, it has `fn`'s length
 * and name, the name prefixed unless `prefix` is '' (Snapshot.wrap:
 * "wrapped", AsyncLocalStorage.bind: "bound", the OpenTelemetry manager: '').
 */
export function bindToFrame<F extends AnyFunction>(fn: F, source: FrameSource, prefix?: string): F {
  const { bound } = {
    bound(this: unknown): unknown {
      // eslint-disable-next-line prefer-rest-params
      return active.run(frameOf(source), fn, this, arguments);
    },
  };
  return (prefix === undefined ? bound : copyNameAndLength(bound, fn, prefix)) as unknown as F;
}

/**
 * `bindToFrame` for an event listener, which the platform calls with exactly
 * one argument; `before` runs first at each call (a `once` listener forgets
 * its registration, as the platform drops it before calling it).
 */
export function bindToFrameWithArgument<F extends AnyFunction>(fn: F, source: FrameSource, before?: () => unknown): F {
  // Most listeners (a frame, no hook) are bound as reactions are: with `.then`
  // on bindReaction and listeners alone on the closure below, V8 ran listener
  // add+remove with a shared callback 1.13-1.18x slower than 615cf49; 0.97x so.
  if (!before && typeof source !== 'function') return bindReaction(fn, source);
  // A function expression, not a method, as bindReaction's.
  return function (this: unknown, arg: unknown): unknown {
    before?.();
    return active.runWithArgument(frameOf(source), fn, this, arg);
  } as unknown as F;
}

/**
 * A callback the platform calls with exactly one argument, bound to `frame`:
 * a promise reaction, or a listener with no hook (see bindToFrameWithArgument).
 * Not a constructor.
 */
export function bindReaction<F extends AnyFunction>(fn: F, frame: Frame): F {
  // `.then` calls this directly: through bindToFrameWithArgument's closure (a
  // `before` hook, a frame source) V8 ran fetch-like chains with a new closure
  // each 1.08-1.13x slower than 615cf49, and through its hand-on 1.09x; 0.94-1.00x so.
  // A function expression, not a method: only the platform ever holds it, so being
  // a constructor shows nowhere, and the object a method needs cost every .then
  // (JavaScriptCore: .then chain 1.6x against 615cf49, bench/browser.ts).
  return function (this: unknown, arg: unknown): unknown {
    return active.runWithArgument(frame, fn, this, arg);
  } as unknown as F;
}

/**
 * `value` bound to the current frame if it is a function and the frame is not
 * empty. The event loop starts every callback in the empty frame, so a
 * callback scheduled there needs no wrapper: the common case stays free.
 * Anything else is handed on untouched, for the platform to accept or reject.
 */
export function bindIfInFrame<T>(value: T): T {
  if (typeof value !== 'function') return value;
  const frame = active.current();
  return frame === Frame.EMPTY ? value : (bindToFrame(value as AnyFunction, frame) as T);
}
