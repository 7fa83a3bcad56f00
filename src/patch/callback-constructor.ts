import { apply, construct } from '../core/intrinsics.js';
import { replaceValue, type Change } from '../instrument/instrument.js';
import { bindIfInFrame } from '../seam/seam.js';

type CallbackClass = new (callback: unknown, ...rest: unknown[]) => object;

/**
 * Replaces the global class `name`, whose constructor's first argument is a
 * callback (FinalizationRegistry, MutationObserver…), so that the callback
 * runs in the frame of `new`. The replacement has the original's own
 * properties (`prototype` and statics) and prototype chain, so `instanceof`
 * holds both ways for instances made before, while and after it is
 * installed, and a subclass made while installed still extends the
 * platform's class; while installed, `prototype.constructor` is the
 * replacement, as `new` of it returns. Arguments reach the platform as
 * given, as many as given: its own errors stay its own.
 */
export function patchCallbackConstructor(name: string): Array<Change | undefined> {
  let Replacement: CallbackClass | undefined;
  const change = replaceValue<CallbackClass>(globalThis, name, (Original, state) => {
    const replacement = function (this: unknown, ...args: unknown[]): object {
      // Called without `new`: the platform throws its own TypeError.
      if (!new.target) return apply(Original as unknown as (...a: unknown[]) => object, this, args);
      if (state.enabled && args.length > 0) args[0] = bindIfInFrame(args[0]);
      return construct(Original, args, new.target);
    };
    // Everything a program can look at on the class is the platform's: its own properties
    // (`prototype`, statics such as PerformanceObserver.supportedEntryTypes) and prototype chain.
    Object.setPrototypeOf(replacement, Object.getPrototypeOf(Original));
    Object.defineProperties(replacement, Object.getOwnPropertyDescriptors(Original));
    return (Replacement = replacement as unknown as CallbackClass);
  });
  return [change, change && replaceValue(Replacement!.prototype, 'constructor', () => Replacement!)];
}
