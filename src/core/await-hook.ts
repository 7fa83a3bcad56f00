// The meeting point of code built by taskcontext/rollup and the installed
// patch layer. Built code and library may come from different bundles (an app
// bundle, the UMD <script>), so they meet on one registered symbol rather than
// an import: `globalThis[Symbol.for(AWAIT_HOOK_KEY)]`, present while the patch
// layer is installed.

/** The `Symbol.for` key of the hook. */
export const AWAIT_HOOK_KEY = 'taskcontext.await';

/**
 * One call of a built async function. Built code turns `await x` into
 * `scope.r(await scope.s(x))`, starts every `catch` and `finally` block with
 * `scope.r()`, and ends the function with `scope.x()`.
 */
export interface AwaitScope {
  /** Suspending: remembers the current frame, hands the code that resumed us its own frame back. */
  s<T>(value: T): T;
  /** Resumed (or thrown into): the frame of the await is current again. */
  r<T>(value?: T): T | undefined;
  /** The function is done: as at a suspension, the code that resumed it gets its frame back. */
  x(): void;
}

/** What the hook is: a scope per call. */
export type AwaitHook = () => AwaitScope;
