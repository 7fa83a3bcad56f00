import type { Backend } from '../core/backend.js';
import { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';
import type { NodeStorageClass } from '../host/async-hooks.js';
import { createRunOnlyBackend } from './run-only.js';

/** Whether `enterWith` works: workerd's AsyncLocalStorage has the method, but it throws. */
function hasEnterWith(Storage: NodeStorageClass): boolean {
  const probe = new Storage<number>();
  try {
    return probe.run(0, () => {
      probe.enterWith(1);
      return probe.getStore() === 1;
    });
  } catch {
    return false;
  } finally {
    // Node runs every enabled storage on every promise it creates: drop the probe.
    try {
      probe.disable?.();
    } catch {
      // workerd's disable() throws; its storages cost nothing when unused.
    }
  }
}

/** A backend that keeps the whole frame as the store of one AsyncLocalStorage. */
export function createAlsBackend(Storage: NodeStorageClass): Backend {
  if (!hasEnterWith(Storage)) {
    const frames = new Storage<Frame>();
    return createRunOnlyBackend(
      'als',
      () => frames.getStore(),
      (frame, fn, thisArg, args) => frames.run(frame, apply, fn, thisArg, args),
    );
  }
  const storage = new Storage<Frame>();
  return {
    name: 'als',
    current: () => storage.getStore() ?? Frame.EMPTY,
    // Not storage.run: entering and leaving here costs fewer store lookups
    // (Node's run looks the store up twice), and leaves Node's run to the app,
    // unslowed by a second call shape.
    run(frame, fn, thisArg, args, from) {
      const previous = from ?? storage.getStore();
      storage.enterWith(frame);
      try {
        return thisArg === undefined && args.length === 0 ? (fn as () => ReturnType<typeof fn>)() : apply(fn, thisArg, args);
      } finally {
        storage.enterWith(previous as Frame);
      }
    },
    runWithArgument(frame, fn, thisArg, arg) {
      return this.run(frame, fn, thisArg, [arg]);
    },
    enter(frame) {
      storage.enterWith(frame);
      return true;
    },
    // The code of the stretch puts the previous store back itself; enterWith has no depth to count.
    enterScope: swap,
    leaveScope: swap,
  };
  function swap(frame: Frame): Frame {
    const previous = storage.getStore() ?? Frame.EMPTY;
    storage.enterWith(frame);
    return previous;
  }
}
