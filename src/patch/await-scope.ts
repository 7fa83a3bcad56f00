import { GENERATOR_SCOPE, type AwaitHook, type AwaitScope } from '../core/await-hook.js';
import type { Frame } from '../core/frame.js';
import type { Change } from '../instrument/instrument.js';
import { currentFrame, enterScope, leaveScope } from '../seam/seam.js';
import { idle, placeAwaitHook } from './await-hook-slot.js';
import type { PlatformPatch } from './platform-patch.js';

// An engine resumes an async function from the microtask queue, in whatever
// frame is current there. Code built by the taskcontext bundler plugins tells
// us when it suspends and resumes (see src/core/await-hook.ts), so that the
// code after each `await` runs in the frame the `await` ran in, as with
// native AsyncContext, and the await itself stays native (fast, same ordering).
//
// The first stretch of a call runs synchronously in its caller: at its first
// `await` the caller carries on in the same frame, as with AsyncLocalStorage.
// A later stretch was started by the microtask queue: at its next `await` or
// its end, the frame it found is put back, so nothing leaks to later jobs.
//
// A generator (sync or async) is different: its body runs in the frame where
// the generator object was created (the proposal's rule), so its scope starts
// out suspended in that frame, and each `next()` call is a resumption.

let ownAwaitPending = false;

/** Whether the `await` being evaluated now is one of built code (the lost-await check skips it). */
export function takeOwnAwait(): boolean {
  const pending = ownAwaitPending;
  ownAwaitPending = false;
  return pending;
}

/** A scope's fields, declared here rather than as class fields: the constructor's writes make them (no field defined first, then written; 3 B less in the bundles). */
interface Scope {
  /** The frame of the `await` in flight; undefined when not suspended (a generator starts suspended in its creation frame). */
  awaited: Frame | undefined;
  /** The frame of whoever resumed the current stretch; undefined in the first one. */
  resumer: Frame | undefined;
}

/** The scope of one call of a built async function, or of one generator object (the protocol: src/core/await-hook.ts). */
class Scope implements AwaitScope {
  constructor(awaited: Frame | undefined) {
    this.awaited = awaited;
    this.resumer = undefined;
  }

  /** Suspending. */
  s<T>(value: T): T {
    // The first stretch runs in its caller, which carries on in this frame;
    // a resumed stretch ends here, and whoever resumed it gets its frame back.
    this.awaited = this.resumer === undefined ? currentFrame() : leaveScope(this.resumer);
    this.resumer = undefined;
    ownAwaitPending = (typeof value === 'object' && value !== null) || typeof value === 'function';
    return value;
  }

  /** Resumed (or thrown into). */
  r<T>(value?: T): T | undefined {
    if (this.awaited !== undefined) {
      this.resumer = enterScope(this.awaited);
      this.awaited = undefined;
      ownAwaitPending = false;
    }
    return value;
  }

  /** The end: like a suspension that is never resumed. */
  x(): void {
    this.r();
    this.s(undefined);
  }
}

const hook: AwaitHook = (kind) => new Scope(kind === GENERATOR_SCOPE ? currentFrame() : undefined);

/** Built code finds the hook while the patch layer is installed (beside another copy's: see await-hook-slot.ts). */
export const patchAwaitHook: PlatformPatch = () => [placeAwaitHook(hook)];

/**
 * Servers (`als` with `enterWith`) carry context across `await` themselves,
 * but a generator's body would run in whoever calls `next()`: built code gets
 * a scope for generators only there, and the idle one for async functions.
 */
export function placeGeneratorHook(): Change {
  return placeAwaitHook((kind) => (kind === GENERATOR_SCOPE ? hook(kind) : idle));
}
