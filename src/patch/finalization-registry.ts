import { copyNameAndLength } from '../core/function-shape.js';
import { bindCallback } from './bind.js';
import { replaceValue } from './instrument.js';
import { applied, type Patch } from './patch.js';

type RegistryClass = new (cleanup: unknown) => object;

// Captured at load, as src/core/intrinsics.ts does: a page that replaces Reflect.construct later changes nothing here.
const { construct } = Reflect;

/**
 * A FinalizationRegistry's cleanup callback runs in the frame where the
 * registry was constructed (the proposal's HostMakeJobCallback). The
 * replacement shares the original's `prototype`, so `instanceof` holds for
 * registries made before, while and after it is installed, and a subclass
 * made while installed still extends the platform's class; while installed,
 * `prototype.constructor` is the replacement, as `new` of it returns.
 */
export const patchFinalizationRegistry: Patch = () => {
  let Registry: RegistryClass | undefined;
  const undo = replaceValue<RegistryClass>(globalThis, 'FinalizationRegistry', (Original, state) => {
    const FinalizationRegistry = function (cleanup: unknown): object {
      // Called without `new`: the platform throws its own TypeError.
      if (!new.target) return (Original as unknown as (cleanup: unknown) => object)(cleanup);
      return construct(Original, [state.on ? bindCallback(cleanup) : cleanup], new.target);
    };
    Object.defineProperty(FinalizationRegistry, 'prototype', { value: Original.prototype, writable: false });
    return (Registry = copyNameAndLength(FinalizationRegistry as unknown as RegistryClass, Original));
  });
  return applied(undo, undo && replaceValue(Registry!.prototype, 'constructor', () => Registry!));
};
