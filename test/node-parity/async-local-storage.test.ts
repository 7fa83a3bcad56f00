// AsyncLocalStorage behaviours of Node's own tests that the contract suite
// (test/contract/async-local-storage.test.ts) does not already check, in
// server terms: setImmediate, process.nextTick, thenables, vm contexts.
// README.md maps each Node test file to the tests here and there.
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { deferred } from './helpers.js';
import { AsyncLocalStorage, AsyncResource } from './subject.js';

describe('AsyncLocalStorage.bind (test-async-local-storage-bind)', () => {
  it('the bound function returns what fn returns and passes its arguments on', () => {
    const seen: unknown[] = [];
    const bound = AsyncLocalStorage.bind((a: string, b: number) => {
      seen.push(a, b);
      return 123;
    });
    expect(bound('test', 2)).toBe(123);
    expect(seen).toEqual(['test', 2]);
  });
});

describe('constructor options (test-als-defaultvalue)', () => {
  it('defaultValue is what getStore() returns outside any run: a number, null, or undefined without the option', () => {
    expect(new AsyncLocalStorage({ defaultValue: 42 }).getStore()).toBe(42);
    expect(new AsyncLocalStorage({ defaultValue: null }).getStore()).toBeNull();
    expect(new AsyncLocalStorage().getStore()).toBeUndefined();
    expect(new AsyncLocalStorage({ name: 'test' }).name).toBe('test');
  });
});

describe('exit (test-async-local-storage-exit-does-not-leak, -args)', () => {
  it('a run nested in exit nested in run, 100 deep: inside every exit the store is gone', () => {
    const storage = new AsyncLocalStorage<boolean>();
    const seenInExit: unknown[] = [];
    let levels = 0;
    const descend = (left: number): void => {
      seenInExit.push(storage.getStore());
      if (left === 0) return;
      levels++;
      storage.run(true, () => storage.exit(descend, left - 1));
    };
    descend(100);
    expect(levels).toBe(100);
    expect(seenInExit).toEqual(new Array(101).fill(undefined));
  });
});

describe('async functions (test-async-local-storage-async-await, -async-functions)', () => {
  it('a store set up by run survives an await inside it, and is gone for the caller once run returned', async () => {
    const storage = new AsyncLocalStorage<Map<string, string>>();
    const inside = storage.run(new Map(), async () => {
      storage.getStore()!.set('foo', 'bar');
      await Promise.resolve();
      return storage.getStore()?.get('foo');
    });
    const rightAfter = storage.getStore();
    expect(await inside).toBe('bar');
    expect([rightAfter, storage.getStore()]).toEqual([undefined, undefined]);
  });

  it('an async function called through exit sees no store after its own await; its caller\'s store is back after', async () => {
    const storage = new AsyncLocalStorage<Map<string, string>>();
    const seen: Record<string, unknown> = {};
    const nothing = async () => {};
    const outside = async () => {
      await nothing();
      seen.inExit = storage.getStore();
    };
    const inside = async () => {
      await nothing();
      seen.inRun = storage.getStore()?.get('key');
      await storage.exit(outside);
      seen.afterExit = storage.getStore()?.get('key');
    };
    let done!: Promise<void>;
    storage.run(new Map(), () => {
      storage.getStore()!.set('key', 'value');
      done = inside();
    });
    seen.caller = storage.getStore();
    await done;
    expect(seen).toEqual({ inRun: 'value', inExit: undefined, afterExit: 'value', caller: undefined });
  });
});

describe('disable (test-async-local-storage-enable-disable)', () => {
  it('disabled in a nextTick: gone there, in a tick queued before, inside exit and after it, until a later run', async () => {
    const storage = new AsyncLocalStorage<Map<string, string>>();
    const seen: Record<string, unknown> = {};
    const finished = deferred<void>();
    storage.run(new Map(), () => {
      storage.getStore()!.set('foo', 'bar');
      process.nextTick(() => {
        seen.beforeDisable = storage.getStore()?.get('foo');
        process.nextTick(() => (seen.tickQueuedBefore = storage.getStore()));
        storage.disable();
        seen.afterDisable = storage.getStore();
        storage.exit(() => (seen.insideExit = storage.getStore()));
        seen.afterExit = storage.getStore(); // exit does not enable it again
        process.nextTick(() => {
          seen.laterTick = storage.getStore();
          seen.laterRun = storage.run(new Map([['foo', 'again']]), () => storage.getStore()?.get('foo'));
          finished.resolve();
        });
      });
    });
    await finished.promise;
    expect(seen).toEqual({
      beforeDisable: 'bar',
      tickQueuedBefore: undefined,
      afterDisable: undefined,
      insideExit: undefined,
      afterExit: undefined,
      laterTick: undefined,
      laterRun: 'again',
    });
  });
});

describe('enterWith (test-async-local-storage-enter-with)', () => {
  it('at the top of a setImmediate callback: that callback and its timers see the store, a sibling timer does not', async () => {
    const storage = new AsyncLocalStorage<object>();
    const store = { foo: 'bar' };
    const seen: Record<string, unknown> = {};
    const nested = deferred<void>();
    const sibling = deferred<void>();
    setImmediate(() => {
      storage.enterWith(store);
      seen.sameCallback = storage.getStore();
      setTimeout(() => {
        seen.timerOfCallback = storage.getStore();
        nested.resolve();
      }, 10);
    });
    setTimeout(() => {
      seen.siblingTimer = storage.getStore();
      sibling.resolve();
    }, 10);
    await Promise.all([nested.promise, sibling.promise]);
    expect(seen).toEqual({ sameCallback: store, timerOfCallback: store, siblingTimer: undefined });
  });
});

describe('promises (test-async-local-storage-promises)', () => {
  it('a rejection in a chain started inside run reaches a catch attached outside it, which sees no store', async () => {
    const storage = new AsyncLocalStorage<Map<string, number>>();
    const error = new Error('rejected');
    const seen: Record<string, unknown> = {};
    const next = () =>
      Promise.resolve().then(() => {
        seen.inChain = storage.getStore()?.get('a');
        throw error;
      });
    await new Promise((resolve, reject) => {
      storage.run(new Map([['a', 1]]), () => {
        next().then(resolve, reject);
      });
    }).catch((caught: unknown) => {
      seen.inCatch = storage.getStore();
      seen.sameError = caught === error;
    });
    seen.after = storage.getStore();
    expect(seen).toEqual({ inChain: 1, inCatch: undefined, sameError: true, after: undefined });
  });
});

describe('thenables (test-async-local-storage-thenable)', () => {
  /** Records the store each time its then is called, and settles on the next setImmediate. */
  function thenableFor(storage: InstanceType<typeof AsyncLocalStorage>, calls: unknown[]): PromiseLike<void> {
    return {
      then(onFulfilled?: ((value: void) => unknown) | null) {
        calls.push(storage.getStore());
        setImmediate(() => onFulfilled?.());
        return this as never;
      },
    };
  }

  it('then is called in the store when a thenable is awaited, returned by an async function, resolved, or returned by a then callback', async () => {
    const storage = new AsyncLocalStorage<symbol>();
    const data = Symbol('verifier');
    const calls: unknown[] = [];
    const around: unknown[] = [];
    const done = storage.run(data, () => [
      (async () => {
        around.push(storage.getStore());
        await thenableFor(storage, calls);
        around.push(storage.getStore());
      })(),
      (async () => {
        try {
          around.push(storage.getStore());
          return thenableFor(storage, calls);
        } finally {
          around.push(storage.getStore());
        }
      })(),
      Promise.resolve(thenableFor(storage, calls)),
      Promise.resolve().then(() => thenableFor(storage, calls)),
    ]);
    await Promise.all(done);
    expect(calls).toEqual([data, data, data, data]);
    expect(around).toEqual([data, data, data, data]);
  });
});

describe('vm contexts (test-async-local-storage-contexts)', () => {
  it('a storage made and run inside a vm context keeps its store across an await there, as one in the main context does', async () => {
    const context = vm.createContext({ AsyncLocalStorage });
    const inVm = vm.runInContext(
      `(() => {
        const storage = new AsyncLocalStorage();
        return storage.run({ test: 'vm' }, async () => {
          const before = storage.getStore().test;
          await 42;
          return [before, storage.getStore().test];
        });
      })()`,
      context,
    ) as Promise<unknown>;
    const storage = new AsyncLocalStorage<{ test: string }>();
    const inMain = storage.run({ test: 'main context' }, async () => {
      const before = storage.getStore()!.test;
      await 42;
      return [before, storage.getStore()!.test];
    });
    expect(await Promise.all([inVm, inMain])).toEqual([
      ['vm', 'vm'],
      ['main context', 'main context'],
    ]);
  });
});

describe('AsyncResource and a later enterWith (test-async-local-storage-set-dc)', () => {
  it('a resource made before enterWith changes the store still runs its callbacks in the store it was made in', async () => {
    const storage = new AsyncLocalStorage<object>();
    const first = { foo: 'bar' };
    const second = { foo: 'bar2' };
    const seen = await new Promise<Record<string, unknown>>((resolve) =>
      setImmediate(() => {
        storage.enterWith(first);
        setTimeout(() => {
          const record: Record<string, unknown> = { inTimer: storage.getStore() };
          const resource = new AsyncResource('test');
          storage.enterWith(second);
          record.inScope = resource.runInAsyncScope(() => storage.getStore());
          record.afterScope = storage.getStore();
          resolve(record);
        }, 10);
      }),
    );
    expect(seen).toEqual({ inTimer: first, inScope: first, afterScope: second });
  });
});
