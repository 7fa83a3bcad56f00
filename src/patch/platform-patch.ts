import type { Change } from '../instrument/instrument.js';

/**
 * One platform API's patch: makes its changes where the API exists and
 * returns them for the ledger (undefined for each part it found missing).
 * `dispatch` is the event policy: true for 'dispatch' (listeners run where
 * the platform calls them, see InstallOptions.events), false for 'registration'.
 */
export type PlatformPatch = (dispatch: boolean) => ReadonlyArray<Change | undefined>;
