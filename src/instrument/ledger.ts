import type { Change } from './instrument.js';

/**
 * What put a change in place: `install()` (the patch layer, or on servers the
 * generator scopes of built code), `taskcontext/polyfill` (the global
 * AsyncContext and, on servers, FinalizationRegistry), or the development
 * await warning of `taskcontext/dev`.
 */
export type Owner = 'install' | 'polyfill' | 'dev';

/** The event policy of an installed patch layer (the public API's EventPolicy, see InstallOptions.events). */
export type Policy = 'registration' | 'dispatch';

/** A change in the ledger, stamped with its owner. */
export interface Entry extends Change {
  by: Owner;
}

/** Whether an undone change is still in place (a pass-through turned back on by a later install is not: it is placed again). */
export const staysNow = (entry: Entry): boolean => entry.staysBecause?.() !== undefined;

// The ledger: everything the library has put in place on platform objects,
// in one module: what `installed()` reports and `uninstall()` takes back.
// Changes are taken back last in, first out, so each undo finds its property
// as its change left it.

/** In place, oldest first. */
export let placed: Entry[] = [];
/** Undone, but still in place: each one's `staysBecause` says why (a pass-through must outlive its undo). */
export let kept: Entry[] = [];
/** The installed patch layer's event policy; undefined while the patch layer is not installed. Its pass-throughs follow it. */
export let policy: Policy | undefined;

/** Enters `changes`, already made, as `by`'s. */
export function record(by: Owner, changes: ReadonlyArray<Change | undefined>): void {
  for (const change of changes) {
    if (change) {
      (change as Entry).by = by;
      placed.push(change as Entry);
    }
  }
}

/** Undoes `by`'s changes (every change, without `by`), last in first out. */
export function takeBack(by?: Owner): void {
  const taken = placed.filter((entry) => by === undefined || entry.by === by);
  placed = placed.filter((entry) => !taken.includes(entry));
  for (const entry of taken.reverse()) entry.undo();
  // A change that outlives its undo is the same one at every install (instrument.ts): listed once.
  kept = [...new Set([...kept, ...taken])].filter(staysNow);
  // uninstall(); install() sets the policy it installs right after taking its changes back.
  if (by === undefined) policy = undefined;
}

/** The patch layer is being installed with `next` (after its earlier changes were taken back). */
export function installing(next: Policy): void {
  policy = next;
}
