// The await benchmark's loop, as an app would write it. bench/browser.ts
// bundles it with Rollup into .cache/bench/: as written (native async/await,
// global `benchAwaitNative`), and built to keep context (global
// `benchAwaitKept`): with the taskcontext/rollup plugin for taskcontext's page,
// lowered to generators for zone.js's. Every page calls them the same way.
export default async function awaitLoop(n, get) {
  for (let i = 0; i < n; i++) await Promise.resolve(i);
  return get();
}
