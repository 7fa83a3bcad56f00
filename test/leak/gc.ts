// Shared by the leak tests (the 'leak' project runs its worker with --expose-gc).
import { Variable } from '../../src/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (typeof gc !== 'function') throw new Error('test/leak needs node --expose-gc (see the leak project in vitest.config.ts)');

/** The key the big objects are held under in a frame. */
export const big = new Variable<object>({ name: 'big' });

/**
 * Runs `fn` in a frame holding a fresh big object; returns a WeakRef to the
 * object only. Built inside this function, so nothing on a test's stack keeps it.
 */
export function inBigFrame(fn: () => void): WeakRef<object> {
  const object = { payload: new Array(200_000).fill(7) };
  big.run(object, fn);
  return new WeakRef(object);
}

/** Collects garbage a few times, with turns of the event loop in between; whether `ref`'s object is gone. */
export async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc!();
    if (ref.deref() === undefined) return true;
  }
  return false;
}
