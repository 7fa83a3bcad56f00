// Saved when the library loads, before any patch is installed, so that the
// reset below is never itself wrapped.
const nativeQueueMicrotask: ((callback: () => void) => void) | undefined =
  typeof queueMicrotask === 'function' ? queueMicrotask.bind(globalThis) : undefined;

/**
 * A function that, however often it is called in one job, runs `reset` once,
 * in a microtask queued at its first call. A frame entered outside any run
 * would otherwise outlive the job that entered it and leak into unrelated
 * callbacks (a native await's continuation, an event from outside).
 */
export function resetAtEndOfJob(reset: () => void): () => void {
  let queued = false;
  const run = (): void => {
    queued = false;
    reset();
  };
  return () => {
    if (queued || !nativeQueueMicrotask) return;
    queued = true;
    nativeQueueMicrotask(run);
  };
}
