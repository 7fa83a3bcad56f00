// Shared helpers for the contract suite. Runtime-neutral: no `node:` imports,
// no `process`, no `setImmediate`, so these files also run in browsers, Bun and Deno.

/** Resolves after a macrotask (a `setTimeout` hop), every backend carries it. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `fn` in a `setTimeout` callback scheduled now; resolves with what it returns. */
export function later<T>(fn: () => T, ms = 0): Promise<T> {
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }, ms),
  );
}

/** Calls `fn` in a `queueMicrotask` callback scheduled now; resolves with what it returns. */
export function microtask<T>(fn: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    queueMicrotask(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

/** The error `fn` throws (fails the test if it returns normally). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned normally');
}
