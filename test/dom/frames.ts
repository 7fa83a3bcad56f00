// What a callback "sees", for every test of the patch layer. Runtime-neutral
// (no DOM, no node: imports): test/node and test/leak use it too.
//
// One frame carries every API, so each probe reads a Variable, a Context dict
// and an AsyncLocalStorage store at once: a patch that carried only one of
// them (or carried them from different frames) gives a mixed string.
import { AsyncLocalStorage, Context, Variable } from '../../src/index.js';

export const requestId = new Variable<string>({ name: 'requestId', defaultValue: 'none' });
export const dict = new Context<{ id: string }>({ name: 'probe' });
export const store = new AsyncLocalStorage<string>({ name: 'probe' });

/** The frame as one string: "<variable>/<context dict>/<storage store>". */
export function seen(): string {
  return `${requestId.get()}/${dict.get('id', '-')}/${store.getStore() ?? '-'}`;
}

/** What `seen()` gives inside `inFrame(label, …)`. */
export function frame(label: string): string {
  return `${label}/${label}/${label}`;
}

/** What `seen()` gives outside any run: the Variable's default, no dict, no store. */
export const EMPTY = 'none/-/-';

/** Calls `fn` in a frame where all three APIs hold `label`. */
export function inFrame<R>(label: string, fn: () => R): R {
  return requestId.run(label, () => dict.run({ id: label }, () => store.run(label, fn)));
}

/**
 * Schedules one callback from frame A, one from frame B and one from outside
 * any run (in that order), with `schedule(callback, index)`; resolves with
 * what each callback saw, once all three ran. `index` (0, 1, 2) lets a caller
 * make them fire out of order (B before A) to prove nothing bleeds.
 */
export function framesSeen(
  schedule: (callback: () => void, index: number) => void,
): Promise<{ A: string; B: string; outside: string }> {
  const result = { A: '', B: '', outside: '' };
  const labels = ['A', 'B', 'outside'] as const;
  return Promise.all(
    labels.map(
      (label, index) =>
        new Promise<void>((resolve) => {
          const callback = (): void => {
            result[label] = seen();
            resolve();
          };
          if (label === 'outside') schedule(callback, index);
          else inFrame(label, () => schedule(callback, index));
        }),
    ),
  ).then(() => result);
}

/** Resolves after `ms` on the platform's timer, scheduled from outside any frame. */
export function sleep(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise and its resolve function. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The error `fn` throws, or `undefined` if it returns normally. */
export function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A comparable description of a thrown value: its constructor's name, or 'no error'. */
export function errorKind(error: unknown): string {
  if (error === undefined) return 'no error';
  return (error as { constructor?: { name?: string } })?.constructor?.name ?? typeof error;
}
