// The meeting point of code built by the taskcontext bundler plugins and the
// installed patch layer. Built code and library may come from different
// bundles (an app bundle, the UMD <script>), so they meet on one registered
// symbol rather than an import: `globalThis[Symbol.for(AWAIT_HOOK_KEY)]`,
// present while the patch layer is installed.

/** The `Symbol.for` key of the hook. */
export const AWAIT_HOOK_KEY = 'taskcontext.await';

/** The hook's argument for a generator or async generator: its body runs in the frame current now. */
export const GENERATOR_SCOPE = 1;

/**
 * One call of a built async function, or one generator object. Built code
 * turns `await x` into `scope.r(await scope.s(x))` (and `yield x` alike),
 * starts every `catch` and `finally` block with `scope.r()`, and ends the
 * function with `scope.x()`. A generator's body also starts with `scope.r()`;
 * `for await` hands its iterable through `s`, starts each run of its body with
 * `r`, ends it with `s`, and the code after the loop starts with `r`.
 *
 * The short names are the one place where the library keeps abbreviations:
 * they are written into every built module, next to every `await`, and code
 * built by one version meets the library of another on a page, so they never
 * change. `s` is *suspend*, `r` is *resume*, `x` is *exit*. The built module's
 * lookup function names its own properties in full (src/await-transform/insert-scopes.ts).
 */
export interface AwaitScope {
  /** Suspending: remembers the current frame, hands the code that resumed us its own frame back. */
  s<T>(value: T): T;
  /** Resumed (or thrown into): the frame of the suspension is current again. Does nothing when not suspended. */
  r<T>(value?: T): T | undefined;
  /** The function is done: as at a suspension, the code that resumed it gets its frame back. */
  x(): void;
}

/**
 * What the hook is: a scope per call. With {@link GENERATOR_SCOPE} (a
 * generator being created) the scope starts suspended in the current frame.
 */
export type AwaitHook = (kind?: typeof GENERATOR_SCOPE) => AwaitScope;
