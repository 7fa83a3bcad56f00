import type { Undo } from './instrument.js';

/** Which frame an event listener runs in; see InstallOptions.events. */
export type EventPolicy = 'registration' | 'dispatch';

/** Checked install options, as every patch receives them. */
export interface PatchOptions {
  events: EventPolicy;
}

/** One platform API's patch: installs itself where the API exists, returns how to undo it. */
export type Patch = (options: PatchOptions) => Undo[];

/** Undo functions of the patches that applied (an absent API gives none). */
export function applied(...undos: Array<Undo | undefined>): Undo[] {
  return undos.filter((undo): undo is Undo => undo !== undefined);
}
