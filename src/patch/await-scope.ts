import { exchangeFrame, patchBackend } from '../backends/patch.js';
import type { AwaitHook, AwaitScope } from '../core/await-hook.js';
import type { Frame } from '../core/frame.js';
import { placeAwaitHook } from './await-hook-slot.js';
import type { Patch } from './patch.js';

// An engine resumes an async function from the microtask queue, in whatever
// frame is current there. Code built by taskcontext/rollup tells us when it
// suspends and resumes (see src/core/await-hook.ts), so that the code after
// each `await` runs in the frame the `await` ran in, as with native
// AsyncContext, and the await itself stays native (fast, same ordering).
//
// The first stretch of a call runs synchronously in its caller: at its first
// `await` the caller carries on in the same frame, as with AsyncLocalStorage.
// A later stretch was started by the microtask queue: at its next `await` or
// its end, the frame it found is put back, so nothing leaks to later jobs.

let ownAwaitPending = false;

/** Whether the `await` being evaluated now is one of built code (the lost-await check skips it). */
export function takeOwnAwait(): boolean {
  const pending = ownAwaitPending;
  ownAwaitPending = false;
  return pending;
}

class Scope implements AwaitScope {
  /** The frame of the `await` in flight; undefined when not suspended. */
  private awaited: Frame | undefined = undefined;
  /** The frame of whoever resumed the current stretch; undefined in the first one. */
  private resumer: Frame | undefined = undefined;

  s<T>(value: T): T {
    // The first stretch runs in its caller, which carries on in this frame;
    // a resumed stretch ends here, and whoever resumed it gets its frame back.
    this.awaited = this.resumer === undefined ? patchBackend.current() : exchangeFrame(this.resumer, -1);
    this.resumer = undefined;
    ownAwaitPending = (typeof value === 'object' && value !== null) || typeof value === 'function';
    return value;
  }

  r<T>(value?: T): T | undefined {
    if (this.awaited !== undefined) {
      this.resumer = exchangeFrame(this.awaited, 1);
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

const hook: AwaitHook = () => new Scope();

/** Built code finds the hook while the patch layer is installed (beside another copy's: see await-hook-slot.ts). */
export const patchAwaitHook: Patch = () => [placeAwaitHook(hook)];
