import { active } from '../backends/active.js';
import { placeGeneratorHook } from '../patch/await-scope.js';
import type { Undo } from '../patch/instrument.js';

// On servers install() places only the generator scopes of built code (see
// placeGeneratorHook). The <script> bundles, for browsers, build without it.

let undo: Undo | undefined;

/** Places the generator hook where the backend can swap frames for it (not workerd, not a native AsyncContext). */
export function placeServerGenerators(): void {
  if (undo === undefined && active.exchange !== undefined) undo = placeGeneratorHook();
}

/** Takes the generator hook away again, putting back what was there. */
export function removeServerGenerators(): void {
  undo?.();
  undo = undefined;
}
