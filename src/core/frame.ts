/**
 * What `cached` returns when the cache holds another key's value; also the
 * key of the frame node that holds no entry (the empty frame): no caller has
 * it, so no read ever finds it.
 */
export const MISS: object = Object.freeze({});

/**
 * A frame's fields, declared here rather than in the class body: the
 * constructor's writes make them, with no class field defined first (a field
 * defined, then written, made every frame slower in JavaScriptCore: Variable.run
 * 1.6x, bench/browser.ts). Not `#` fields: no frame ever reaches user code,
 * and terser shortens these names in the <script> bundles. Only the
 * constructor writes them, but the reader cache (read() fills it).
 */
export interface Frame {
  entryKey: object;
  entryValue: unknown;
  nextNode: Frame | undefined;
  /** The task record this frame belongs to (./task.ts), or undefined outside any task. */
  task: object | undefined;
  /**
   * A one-entry read cache: the key read last here, and its value. A node
   * starts with its own entry, which is what the code inside a `run` reads
   * first (and often only). Frames are immutable: an answer never goes stale.
   */
  readerKey: object;
  readerValue: unknown;
}

/**
 * The current frame: an immutable mapping from keys (each Variable, each
 * AsyncLocalStorage) to values, and the task it belongs to.
 *
 * Immutability is what makes capture O(1): a snapshot, a bound function or a
 * patched callback keeps a reference, never a copy. Every change builds a new
 * frame, so a reference taken earlier can never see a later write. (A
 * task's `Context` dicts are the one mutable part, and they live in the task
 * record a frame refers to: ./task.ts.)
 *
 * A frame is a chain of one-entry nodes, newest first, each key once: `with`
 * adds a node in O(1) where a copied Map cost most of a `run` (measured), and
 * a replaced key is dropped from the chain so that nothing shadowed stays alive.
 * Chains are as long as the number of distinct keys set, a handful.
 *
 * Keys are Variables (which user code can reach) and private objects (each
 * AsyncLocalStorage's): never a value that could be passed as another API's
 * receiver, so a cached answer for a key is never given to the wrong reader.
 */
export class Frame {
  /** The frame outside any `run`: no key has a value. */
  static readonly EMPTY: Frame = new this(MISS);

  private constructor(key: object, value?: unknown, next?: Frame, task?: object) {
    this.entryKey = key;
    this.entryValue = value;
    this.nextNode = next;
    this.task = task;
    this.readerKey = key;
    this.readerValue = value;
  }

  /**
   * The cached value of `key`, or `MISS`. Small enough for every engine to
   * inline into `Variable.get` (Firefox would not inline a method calling a
   * private one); the walk is `read`'s.
   */
  cached(key: object): unknown {
    return this.readerKey === key ? this.readerValue : MISS;
  }

  /** The value of `key`, or `fallback` when the frame has none, through the read cache. */
  read(key: object, fallback: unknown): unknown {
    if (this.readerKey === key) return this.readerValue;
    // The walk written out here and in `with`, not a shared method: see `with`.
    let node: Frame | undefined = this;
    while (node !== undefined && node.entryKey !== key) node = node.nextNode;
    this.readerKey = key;
    return (this.readerValue = node === undefined ? fallback : node.entryValue);
  }

  /**
   * A frame equal to this one except that `key` maps to `value`: this frame
   * itself when `key` already maps to that value (as Node's `run` skips a
   * store that is already current), so a nested `run` with the same value
   * allocates nothing.
   */
  with(key: object, value: unknown): Frame {
    // No call on the common paths but the new node's constructor: a run
    // reaches `with` through the seam (runWithValue), and JavaScriptCore
    // inlines five calls deep at most. A walk through a method, and a call to
    // drop a newest node that `key` replaces, cost WebKit's Variable.run 1.19x
    // against 615cf49 (0.94x written out; bench/browser.ts, 40 pages).
    let node: Frame | undefined = this;
    while (node !== undefined && node.entryKey !== key) node = node.nextNode;
    if (node === undefined) return new Frame(key, value, this, this.task);
    // The same value by `===`, zeros aside (a run with -0 must read -0; NaN
    // takes a new node): Object.is here cost Chromium's Variable.run 1.19-1.25x
    // against 615cf49, this 1.01x (bench/browser.ts, 12 pages of 30 runs).
    if (node.entryValue === value && value !== 0) return this;
    return new Frame(key, value, node === this ? this.nextNode : this.withoutKey(key), this.task);
  }

  /** A frame equal to this one in a new task: the entries are shared, not copied. */
  inTask(task: object): Frame {
    return new Frame(this.entryKey, this.entryValue, this.nextNode, task);
  }

  /** This chain without the node of `key` (rebuilt from the nodes after it), ending in no entry. */
  private withoutKey(key: object): Frame | undefined {
    if (this.entryKey === key) return this.nextNode;
    const next = this.nextNode;
    return new Frame(this.entryKey, this.entryValue, next && next.withoutKey(key));
  }
}
