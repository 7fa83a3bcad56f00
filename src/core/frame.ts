/**
 * The current frame: an immutable mapping from keys (each Variable, each
 * AsyncLocalStorage, each Context, the task marker) to values.
 *
 * Immutability is what makes capture O(1): a snapshot, a bound function or a
 * patched callback keeps a reference, never a copy. Every change builds a new
 * frame, so a reference taken earlier can never see a later write.
 */
/** Equal to no receiver, not even `undefined` or `null`: a cache miss. */
const NO_READER: object = Object.freeze({});

export class Frame {
  /** The frame outside any `run`: no key has a value. */
  static readonly EMPTY: Frame = new Frame(new Map());

  readonly #entries: ReadonlyMap<object, unknown>;
  #lastKey: object | undefined;
  #lastValue: unknown;

  /**
   * `Variable.get`'s one-entry cache: written only once the reader is known to
   * be a Variable, with what it reads here (default included). A hit costs no
   * call and no receiver check, which keeps `get` small enough for every
   * engine to inline (Firefox would not otherwise). Frames are immutable, so
   * the answer never goes stale.
   */
  readerKey: object = NO_READER;
  readerValue: unknown = undefined;

  private constructor(entries: ReadonlyMap<object, unknown>) {
    this.#entries = entries;
  }

  has(key: object): boolean {
    return this.#entries.has(key);
  }

  get(key: object): unknown {
    // Code reads the same key many times in one frame (a span, a request id):
    // remember the last answer. It lives and dies with the frame.
    if (key === this.#lastKey) return this.#lastValue;
    const value = this.#entries.get(key);
    this.#lastKey = key;
    this.#lastValue = value;
    return value;
  }

  /** A frame equal to this one except that `key` maps to `value`. */
  with(key: object, value: unknown): Frame {
    const entries = new Map(this.#entries);
    entries.set(key, value);
    return new Frame(entries);
  }

  /** A frame equal to this one without `key` (this frame if it had none). */
  without(key: object): Frame {
    if (!this.#entries.has(key)) return this;
    const entries = new Map(this.#entries);
    entries.delete(key);
    return entries.size === 0 ? Frame.EMPTY : new Frame(entries);
  }

  /** The entries, for the rare paths that must look at every key. */
  entries(): IterableIterator<[object, unknown]> {
    return this.#entries.entries();
  }

  /**
   * A frame whose entries are `change(key, value)` (an entry whose change
   * returns `REMOVE` is dropped), plus `additions`. Used when a task starts.
   */
  map(change: (key: object, value: unknown) => unknown, additions: ReadonlyArray<readonly [object, unknown]> = []): Frame {
    const entries = new Map<object, unknown>();
    for (const [key, value] of this.#entries) {
      const next = change(key, value);
      if (next !== REMOVE) entries.set(key, next);
    }
    for (const [key, value] of additions) entries.set(key, value);
    return entries.size === 0 ? Frame.EMPTY : new Frame(entries);
  }
}

/** Returned by a `Frame.map` change to drop the entry. */
export const REMOVE: unique symbol = Symbol('taskcontext.remove');
