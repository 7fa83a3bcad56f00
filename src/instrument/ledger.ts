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

/**
 * Everything the library has put in place on platform objects, in one
 * object: what `installed()` reports and `uninstall()` takes back. Changes
 * are taken back last in, first out, so each undo finds its property as its
 * change left it.
 */
class Ledger {
  /** In place, oldest first. */
  placed: Entry[] = [];
  /** Undone, but still in place: each one's `staysBecause` says why (a pass-through must outlive its undo). */
  kept: Entry[] = [];
  /** The installed patch layer's event policy; undefined while the patch layer is not installed. Its pass-throughs follow it. */
  policy?: Policy;

  /** Enters `changes`, already made, as `by`'s. */
  record(by: Owner, changes: ReadonlyArray<Change | undefined>): void {
    for (const change of changes) {
      if (change) {
        (change as Entry).by = by;
        this.placed.push(change as Entry);
      }
    }
  }

  /** Undoes `by`'s changes (every change, without `by`), last in first out. */
  takeBack(by?: Owner): void {
    const taken = this.placed.filter((entry) => by === undefined || entry.by === by);
    this.placed = this.placed.filter((entry) => !taken.includes(entry));
    for (const entry of taken.reverse()) entry.undo();
    // A change that outlives its undo is the same one at every install (instrument.ts): listed once.
    this.kept = [...new Set([...this.kept, ...taken])].filter(staysNow);
    // uninstall(); install() sets the policy it installs right after taking its changes back.
    if (by === undefined) this.policy = undefined;
  }
}

/** The library's one ledger of what it put in place. */
export const ledger = new Ledger();
