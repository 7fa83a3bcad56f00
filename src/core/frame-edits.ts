import { entriesOf, frameWith, type Frame } from './frame.js';

// The frame edits that only tasks (Context, runTask) and AsyncLocalStorage
// need: apart from the Frame class, so that bundles without them leave them out.

/** Returned by a `mapFrame` change to drop the entry. */
export const REMOVE: unique symbol = Symbol('taskcontext.remove');

/** A frame equal to `frame` without `key` (`frame` itself if it had none). */
export function withoutKey(frame: Frame, key: object): Frame {
  if (!frame.has(key)) return frame;
  const entries = new Map(entriesOf(frame));
  entries.delete(key);
  return frameWith(entries);
}

/** The entries of `frame`, for the rare paths that must look at every key. */
export function frameEntries(frame: Frame): IterableIterator<[object, unknown]> {
  return entriesOf(frame).entries();
}

/**
 * A frame whose entries are `change(key, value)` for those of `frame` (an
 * entry whose change returns `REMOVE` is dropped), plus `additions`. Used
 * when a task starts.
 */
export function mapFrame(
  frame: Frame,
  change: (key: object, value: unknown) => unknown,
  additions: ReadonlyArray<readonly [object, unknown]> = [],
): Frame {
  const entries = new Map<object, unknown>();
  for (const [key, value] of entriesOf(frame)) {
    const next = change(key, value);
    if (next !== REMOVE) entries.set(key, next);
  }
  for (const [key, value] of additions) entries.set(key, value);
  return frameWith(entries);
}
