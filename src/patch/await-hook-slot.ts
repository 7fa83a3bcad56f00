import { AWAIT_HOOK_KEY, type AwaitHook, type AwaitScope } from '../core/await-hook.js';
import { restore, type Change } from '../instrument/instrument.js';

// Built code finds the await hook on one registered symbol, shared by every
// copy of the library on a page (an SDK's bundle and the app's). Each copy
// puts back the hook it found there; if another copy's hook now sits on top
// of its own, that one stays, and its own passes through to what it found.

/** A scope that does nothing: what a hook that is off and found none gives built code. */
export const idle: AwaitScope = { s: (value) => value, r: (value) => value, x() {} };

/** Puts `hook` where built code looks for it; its undo puts back what was there. */
export function placeAwaitHook(hook: AwaitHook): Change {
  const target = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(AWAIT_HOOK_KEY);
  const own = Object.getOwnPropertyDescriptor(target, key);
  let enabled = true;
  // Off, it is reached only through a copy that found it, or put it back: the
  // hook it found runs, or nothing does.
  // `kind` passes through: a generator's scope starts in the frame of its creation.
  const placed: AwaitHook = (kind) => (enabled ? hook(kind) : own?.value ? (own.value as AwaitHook)(kind) : idle);
  target[key] = placed;
  return {
    target,
    key,
    undo() {
      enabled = false;
      // Unless another copy placed its hook over ours: that one stays.
      if (target[key] === placed) restore(target, key, own);
    },
  };
}
