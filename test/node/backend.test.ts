// Backends on Node: which one is chosen, forcing one, and a stand-in for an engine's
// own AsyncContext (none ships yet) to exercise the native backend.
import { AsyncLocalStorage as NodeAsyncLocalStorage } from 'node:async_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend, Context, ContextError, runTask, Snapshot, useBackend, Variable } from '../../src/index.js';

type Api = typeof import('../../src/index.js');
const sleep = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const globals = globalThis as { AsyncContext?: unknown };

/** The package's module graph loaded afresh, so that it chooses its backend again. */
async function freshImport(): Promise<Api> {
  vi.resetModules();
  return import('../../src/index.js');
}

describe('the backend on Node', () => {
  afterEach(() => useBackend('als')); // module state is shared by the whole file

  it('is als, chosen automatically', () => {
    expect(backend()).toBe('als');
  });

  it.each([['bogus'], ['ALS'], [''], [undefined], [null], [1]] as Array<[unknown]>)('useBackend(%s) is a TypeError naming the allowed values', (name) => {
    expect(() => useBackend(name as never)).toThrow(TypeError);
    const message = (() => {
      try {
        useBackend(name as never);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    expect(message).toMatch(/useBackend/);
    expect(message).toMatch(/'native'.*'als'.*'patch'/);
    expect(backend()).toBe('als');
  });

  it('useBackend("native") is a ContextError here: no engine ships AsyncContext', () => {
    expect(() => useBackend('native')).toThrow(ContextError);
    expect(() => useBackend('native')).toThrow(/native/);
    expect(backend()).toBe('als');
  });

  it('useBackend("patch") switches to the patch register; sync runs still work there', () => {
    useBackend('patch');
    expect(backend()).toBe('patch');
    const variable = new Variable();
    const context = new Context();
    expect(variable.run('v', () => variable.get())).toBe('v');
    expect(context.run({ a: 1 }, () => runTask(() => context.set('b', 2).toObject()))).toEqual({ a: 1, b: 2 });
    expect(variable.run('captured', () => new Snapshot()).run(() => variable.get())).toBe('captured');
    expect(variable.get()).toBeUndefined();
  });

  it('useBackend("als") after "patch" brings await propagation back', async () => {
    useBackend('patch');
    useBackend('als');
    expect(backend()).toBe('als');
    const variable = new Variable();
    const context = new Context();
    const seen = await context.run({ id: 1 }, () =>
      variable.run('v', async () => {
        await sleep();
        return [variable.get(), context.get('id')];
      }),
    );
    expect(seen).toEqual(['v', 1]);
  });

  it('on a server runtime without a reachable AsyncLocalStorage, the first use throws a ContextError (never a silent patch layer)', async () => {
    const saved = process.getBuiltinModule;
    try {
      (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
      const api = await freshImport(); // the generic build's source: it looks AsyncLocalStorage up at run time
      expect(() => api.backend()).toThrow(api.ContextError);
      expect(() => api.backend()).toThrow(/this is Node, but AsyncLocalStorage could not be reached.*'node' export condition/);
      const variable = new api.Variable();
      expect(() => variable.run(1, () => variable.get())).toThrow(api.ContextError);
      expect(() => api.useBackend('als')).toThrow(api.ContextError);
      // Forcing the patch layer is still possible, and says what it is.
      api.useBackend('patch');
      expect(api.backend()).toBe('patch');
    } finally {
      process.getBuiltinModule = saved;
    }
  });
});

/**
 * An `AsyncContext.Variable` built on Node's AsyncLocalStorage, bound so that it
 * prints as `function () { [native code] }`, as an engine's built-in would.
 */
function fakeNativeVariable(): unknown {
  class FakeVariable<T> {
    readonly #storage = new NodeAsyncLocalStorage<T>();
    constructor(_options?: { name?: string }) {}
    get(): T | undefined {
      return this.#storage.getStore();
    }
    run<R>(value: T, fn: (...args: any[]) => R, ...args: any[]): R {
      return this.#storage.run(value, fn, ...args);
    }
  }
  return FakeVariable.bind(null);
}

describe('the native backend (with a stand-in for the engine\'s AsyncContext)', () => {
  afterEach(() => {
    delete globals.AsyncContext;
    vi.resetModules();
  });

  async function withNative(): Promise<Api> {
    globals.AsyncContext = { Variable: fakeNativeVariable() };
    const api = await freshImport();
    expect(api.backend()).toBe('native');
    return api;
  }

  it('is chosen first when the engine has AsyncContext', async () => {
    await withNative();
  });

  it('a polyfill on globalThis.AsyncContext is not taken for a native one', async () => {
    globals.AsyncContext = { Variable: class NotNative {} };
    expect((await freshImport()).backend()).toBe('als');
    // Our own AsyncContext installed as a polyfill is not native either.
    const { AsyncContext } = await freshImport();
    globals.AsyncContext = AsyncContext;
    expect((await freshImport()).backend()).toBe('als');
  });

  it('carries a Variable, an AsyncLocalStorage store and a Context across await', async () => {
    const api = await withNative();
    const variable = new api.Variable();
    const storage = new api.AsyncLocalStorage();
    const context = new api.Context();
    const seen = await context.run({ id: 1 }, () =>
      storage.run('s', () =>
        variable.run('v', async () => {
          context.set('user', 'ada');
          await sleep();
          await null;
          return [variable.get(), storage.getStore(), context.toObject()];
        }),
      ),
    );
    expect(seen).toEqual(['v', 's', { id: 1, user: 'ada' }]);
    expect([variable.get(), storage.getStore(), context.size]).toEqual([undefined, undefined, 0]);
  });

  it('keeps interleaved tasks apart', async () => {
    const api = await withNative();
    const context = new api.Context();
    const request = (id: string, delays: number[]) =>
      context.run({ id }, async () => {
        const seen: unknown[] = [];
        for (const delay of delays) {
          await sleep(delay);
          seen.push(context.get('id'));
        }
        return seen;
      });
    expect(await Promise.all([request('a', [4, 0, 2]), request('b', [0, 3, 1])])).toEqual([
      ['a', 'a', 'a'],
      ['b', 'b', 'b'],
    ]);
  });

  // The proposal has no enterWith. Context writes need none (they go to the
  // task record), so the task model holds here exactly as on the other backends.
  it("an async function's write after its await is seen by its caller (the same task), never by another task", async () => {
    const api = await withNative();
    const context = new api.Context();
    const run = (id: string, write: boolean) =>
      context.run({ a: id }, async () => {
        const child = (async () => {
          await null;
          if (write) context.set('a', 'child');
        })();
        await child;
        await sleep(2);
        return context.get('a');
      });
    expect(await Promise.all([run('first', true), run('second', false)])).toEqual(['child', 'second']);
  });

  it("the parent's later write reaches a callback it scheduled before, in the same run", async () => {
    const api = await withNative();
    const context = new api.Context();
    const seen = await context.run({ step: 1 }, () => {
      const child = new Promise((resolve) => setTimeout(() => resolve(context.get('step')), 5));
      context.set('step', 2);
      return child;
    });
    expect(seen).toBe(2);
  });

  it('code built with the await plugin keeps running when useBackend switches from the patch layer to it', async () => {
    const api = await withNative();
    api.useBackend('patch');
    api.install();
    try {
      type Scope = { s<T>(value: T): T; r<T>(value?: T): T | undefined; x(): void };
      const hook = (globalThis as unknown as Record<symbol, (kind?: number) => Scope>)[Symbol.for('taskcontext.await')]!;
      const variable = new api.Variable<string>();
      // An async function as the plugin builds it: a scope per call, s() at each await, r() after it, x() at the end.
      const built = async (): Promise<string | undefined> => {
        const scope = hook();
        try {
          scope.r(await scope.s(sleep(2)));
          return variable.get();
        } finally {
          scope.x();
        }
      };
      const suspended = variable.run('before', built);
      api.useBackend('native');
      // Values set under the patch layer are not carried over (useBackend's documented rule); nothing throws.
      await expect(suspended).resolves.toBeUndefined();
      expect(await variable.run('after', built)).toBe('after');
    } finally {
      api.uninstall();
    }
  });

  it('AsyncLocalStorage.enterWith throws a ContextError that points at run, inside a run or not (the engine has none)', async () => {
    const api = await withNative();
    const storage = new api.AsyncLocalStorage<string>();
    expect(() => storage.enterWith('top')).toThrow(/AsyncLocalStorage\.enterWith: unavailable on the 'native' backend; use storage\.run\(store, fn\)/);
    storage.run('outer', () => {
      expect(() => storage.enterWith('inner')).toThrow(api.ContextError);
      expect(storage.getStore()).toBe('outer');
    });
  });
});
