import { patchCallbackConstructor } from './callback-constructor.js';
import type { PlatformPatch } from './platform-patch.js';

const OBSERVERS = ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver'];

/**
 * Under the 'registration' policy an observer's callback runs in the frame
 * where the observer was constructed. Under 'dispatch' it runs where the
 * platform calls it: the empty frame, so nothing needs patching.
 */
export const patchObservers: PlatformPatch = (dispatch) => (dispatch ? [] : OBSERVERS.flatMap(patchCallbackConstructor));
