import { AWAIT_HOOK_KEY, type AwaitHook, type AwaitScope } from '../core/await-hook.js';
import type { Undo } from './instrument.js';

// Built code finds the await hook on one registered symbol, shared by every
// copy of the library on the page (an SDK's bundle and the app's). Each copy
// keeps the hook it found and runs it too, so that every copy's context
// survives an `await`, whichever installed first; and each puts back what it
// found, or, when another copy's hook now sits on top of its own, only turns
// its own into a pass-through.

/** What a pass-through hook with nothing under it gives built code: a scope that does nothing. */
const idle: AwaitScope = { s: (value) => value, r: (value) => value, x() {} };

/** Both scopes, the one found under ours first. */
function both(ours: AwaitScope, found: AwaitScope): AwaitScope {
  return {
    s: (value) => ours.s(found.s(value)),
    r: (value) => ours.r(found.r(value)),
    x() {
      found.x();
      ours.x();
    },
  };
}

/** Puts `hook` where built code looks for it; the undo puts back what was there. */
export function placeAwaitHook(hook: AwaitHook): Undo {
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(AWAIT_HOOK_KEY);
  const own = Object.getOwnPropertyDescriptor(holder, key);
  const found = typeof own?.value === 'function' ? (own.value as AwaitHook) : undefined;
  let on = true;
  const placed: AwaitHook = () => {
    const under = found?.();
    if (!on) return under ?? idle;
    return under ? both(hook(), under) : hook();
  };
  holder[key] = placed;
  return () => {
    on = false;
    if (holder[key] !== placed) return; // another copy placed its hook on ours: it stays, ours passes through
    if (own) Object.defineProperty(holder, key, own);
    else delete holder[key];
  };
}
