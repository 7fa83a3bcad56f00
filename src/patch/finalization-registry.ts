import { patchCallbackConstructor } from './callback-constructor.js';
import type { PlatformPatch } from './platform-patch.js';

/**
 * A FinalizationRegistry's cleanup callback runs in the frame where the
 * registry was constructed (the proposal's HostMakeJobCallback).
 */
export const patchFinalizationRegistry: PlatformPatch = () => patchCallbackConstructor('FinalizationRegistry');
