// The await benchmark's loop, as an app would write it. bench/browser.ts
// bundles it twice with Rollup into .cache/bench/: as written (native
// async/await, global `benchAwaitNative`) and lowered by the taskcontext/rollup
// plugin (global `benchAwaitLowered`). Both pages' scripts call it the same way.
export default async function awaitLoop(n, get) {
  for (let i = 0; i < n; i++) await Promise.resolve(i);
  return get();
}
