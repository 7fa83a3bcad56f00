/** Equal to no receiver, not even `undefined` or `null`: a cache miss. */
const NO_READER: object = Object.freeze({});

/**
 * The current frame: an immutable mapping from keys (each Variable, each
 * AsyncLocalStorage, each Context, the task marker) to values.
 *
 * Immutability is what makes capture O(1): a snapshot, a bound function or a
 * patched callback keeps a reference, never a copy. Every change builds a new
 * frame, so a reference taken earlier can never see a later write. (A
 * task's `Context` dicts are the one mutable part, and they live in the task
 * record a frame refers to: ./task.ts.)
 */
export class Frame {
  /** The frame outside any `run`: no key has a value. */
  static readonly EMPTY: Frame = new Frame(new Map());

  readonly #entries: ReadonlyMap<object, unknown>;

  /**
   * A one-entry read cache (see `read`). `Variable.get` checks it inline: a
   * hit costs no call and no receiver check, which keeps `get` small enough
   * for every engine to inline (Firefox would not otherwise). Frames are
   * immutable, so an answer never goes stale.
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
    return this.#entries.get(key);
  }

  /**
   * The value of `key`, or `fallback` when the frame has none, through the
   * read cache under `cacheKey`. A Variable is its own cache key, and only
   * once its receiver was checked; other readers (a storage, a context) use a
   * private object, so that the cache never answers `Variable.get` for them.
   */
  read(cacheKey: object, key: object, fallback: unknown): unknown {
    if (this.readerKey === cacheKey) return this.readerValue;
    const value = this.#entries.get(key);
    this.readerKey = cacheKey;
    return (this.readerValue = value !== undefined || this.#entries.has(key) ? value : fallback);
  }

  /** A frame equal to this one except that `key` maps to `value`. */
  with(key: object, value: unknown): Frame {
    const entries = new Map(this.#entries);
    entries.set(key, value);
    return new Frame(entries);
  }
}
