import { active } from '../backends/active.js';
import { copyNameAndLength } from '../core/function-shape.js';
import { bindToFrame } from './bind.js';
import { replaceValue } from './instrument.js';
import { applied, type Patch } from './patch.js';

type ObserverClass = new (callback: unknown, ...rest: unknown[]) => object;

const OBSERVERS = ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver'];

/**
 * Under the 'registration' policy an observer's callback runs in the frame
 * where the observer was constructed. Under 'dispatch' it runs where the
 * platform calls it: the empty frame, so nothing needs patching.
 */
export const patchObservers: Patch = ({ events }) =>
  events === 'dispatch'
    ? []
    : applied(
        ...OBSERVERS.map((name) =>
          replaceValue<ObserverClass>(globalThis, name, (Original, state) => {
            // A subclass keeps `instanceof`, statics (PerformanceObserver.supportedEntryTypes) and the prototype chain.
            const Observer = class extends Original {
              constructor(callback: unknown, ...rest: unknown[]) {
                const wrap = state.on && typeof callback === 'function';
                super(wrap ? bindToFrame(callback as () => void, active.current()) : callback, ...rest);
              }
            };
            return copyNameAndLength(Observer, Original);
          }),
        ),
      );
