// AsyncContext.Variable and AsyncContext.Snapshot, as the TC39 proposal specifies
// them, and the "one frame" model: a snapshot carries every API's values together.
import { describe, expect, it } from 'vitest';
import { AsyncContext, AsyncLocalStorage, Context, ContextError, runTask, Snapshot, Variable } from '../../src/index.js';
import { itNeeds } from './capabilities.js';
import { later, microtask, tick } from './helpers.js';

describe('AsyncContext.Variable: shape', () => {
  // Hermes 0.12 counts run's rest parameter in its length.
  itNeeds('functionShapes', 'is the namespace member and has the spec lengths', () => {
    expect(AsyncContext.Variable).toBe(Variable);
    expect(Variable.length).toBe(1);
    expect(Variable.prototype.run.length).toBe(2);
    expect(Variable.prototype.get.length).toBe(0);
    expect(Variable.name).toBe('Variable');
  });

  it('has the AsyncContext toStringTags', () => {
    expect(Object.prototype.toString.call(new Variable())).toBe('[object AsyncContext.Variable]');
    expect(Object.prototype.toString.call(AsyncContext)).toBe('[object AsyncContext]');
  });

  it('cannot be called without new', () => {
    expect(() => (Variable as unknown as () => unknown)()).toThrow(TypeError);
  });

  it('name is "" by default and the option converted with ToString', () => {
    expect(new Variable().name).toBe('');
    expect(new Variable({ name: 'user' }).name).toBe('user');
    expect(new Variable({ name: 42 as unknown as string }).name).toBe('42');
    // A present name is converted even when undefined (HasProperty, then ToString).
    expect(new Variable({ name: undefined }).name).toBe('undefined');
    expect(new Variable({ name: { toString: () => 'custom' } as unknown as string }).name).toBe('custom');
    expect(() => new Variable({ name: Symbol('s') as unknown as string })).toThrow(TypeError);
  });

  it('name and defaultValue are read from inherited properties too', () => {
    const options = Object.create({ name: 'inherited', defaultValue: 'd' }) as { name: string; defaultValue: string };
    const variable = new Variable(options);
    expect(variable.name).toBe('inherited');
    expect(variable.get()).toBe('d');
  });

  it('ignores options that are not objects', () => {
    for (const options of ['name', 42, true, null, undefined, Symbol('x')]) {
      const variable = new Variable(options as never);
      expect(variable.name).toBe('');
      expect(variable.get()).toBeUndefined();
    }
  });

  it('name cannot be assigned', () => {
    const variable = new Variable({ name: 'fixed' });
    expect(() => {
      (variable as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(variable.name).toBe('fixed');
  });
});

describe('AsyncContext.Variable: run and get', () => {
  it('get returns the defaultValue (undefined unless given) outside run', () => {
    expect(new Variable().get()).toBeUndefined();
    expect(new Variable({ defaultValue: 'anonymous' }).get()).toBe('anonymous');
  });

  it('run sets the value for fn, returns its result, and restores the value afterwards', () => {
    const variable = new Variable({ defaultValue: 'default' });
    const result = variable.run('inside', () => {
      expect(variable.get()).toBe('inside');
      return 'result';
    });
    expect(result).toBe('result');
    expect(variable.get()).toBe('default');
  });

  it('run(undefined) sets undefined: the default is only for "no value"', () => {
    const variable = new Variable<string | undefined>({ defaultValue: 'default' });
    variable.run(undefined, () => expect(variable.get()).toBeUndefined());
  });

  it('run calls fn with this undefined and passes the arguments through', () => {
    const variable = new Variable();
    let seen: unknown[] = [];
    variable.run(
      1,
      function (this: unknown, ...args: unknown[]) {
        seen = [this, ...args];
      },
      'a',
      'b',
      3,
    );
    expect(seen).toEqual([undefined, 'a', 'b', 3]);
  });

  it('nested runs shadow and restore', () => {
    const variable = new Variable();
    const seen: unknown[] = [];
    variable.run('outer', () => {
      seen.push(variable.get());
      variable.run('inner', () => {
        seen.push(variable.get());
        variable.run('innermost', () => seen.push(variable.get()));
        seen.push(variable.get());
      });
      seen.push(variable.get());
    });
    seen.push(variable.get());
    expect(seen).toEqual(['outer', 'inner', 'innermost', 'inner', 'outer', undefined]);
  });

  it('a nested run with the value already set reads that value: -0 and +0 apart, NaN too, shadowed entries kept', () => {
    const a = new Variable<number>();
    const b = new Variable<string>();
    const seen: unknown[] = [];
    a.run(0, () => a.run(-0, () => seen.push(Object.is(a.get(), -0))));
    a.run(-0, () => a.run(0, () => seen.push(Object.is(a.get(), 0))));
    a.run(NaN, () => a.run(NaN, () => seen.push(Number.isNaN(a.get()))));
    // The key set again to its value where it is not the newest entry, then changed inside.
    a.run(1, () =>
      b.run('b', () =>
        a.run(1, () => {
          seen.push(a.get(), b.get());
          a.run(2, () => seen.push(a.get(), b.get()));
          seen.push(a.get());
        }),
      ),
    );
    expect(seen).toEqual([true, true, true, 1, 'b', 2, 'b', 1]);
  });

  it('an exception propagates out of run and the value is restored', () => {
    const variable = new Variable();
    const error = new Error('boom');
    variable.run('outer', () => {
      expect(() =>
        variable.run('inner', () => {
          throw error;
        }),
      ).toThrow(error);
      expect(variable.get()).toBe('outer');
    });
    expect(variable.get()).toBeUndefined();
  });

  it('variables read in turn in one frame, many times, each get their own value or default', () => {
    const a = new Variable<string>({ defaultValue: 'a-default' });
    const b = new Variable<string>({ defaultValue: 'b-default' });
    const c = new Variable<string>();
    a.run('a1', () => {
      const seen: unknown[] = [];
      for (let i = 0; i < 3; i++) seen.push(a.get(), b.get(), c.get(), a.get(), a.get());
      expect(seen).toEqual(Array.from({ length: 3 }, () => ['a1', 'b-default', undefined, 'a1', 'a1']).flat());
      b.run('b1', () => expect([a.get(), b.get(), a.get(), b.get()]).toEqual(['a1', 'b1', 'a1', 'b1']));
      expect([b.get(), a.get()]).toEqual(['b-default', 'a1']);
    });
    expect([a.get(), b.get(), a.get()]).toEqual(['a-default', 'b-default', 'a-default']);
  });

  it("get never answers for an AsyncLocalStorage or a Context, whatever the frame read last", () => {
    const storage = new AsyncLocalStorage<string>();
    const context = new Context();
    storage.run('store', () =>
      context.run({ a: 1 }, () => {
        expect(storage.getStore()).toBe('store');
        expect(() => Variable.prototype.get.call(storage as never)).toThrow(TypeError);
        expect(context.get('a')).toBe(1);
        expect(() => Variable.prototype.get.call(context as never)).toThrow(TypeError);
        expect([storage.getStore(), context.get('a')]).toEqual(['store', 1]);
      }),
    );
  });

  it('two variables are independent', () => {
    const a = new Variable();
    const b = new Variable();
    a.run(1, () => {
      expect(b.get()).toBeUndefined();
      b.run(2, () => expect([a.get(), b.get()]).toEqual([1, 2]));
      a.run(3, () => expect([a.get(), b.get()]).toEqual([3, undefined]));
    });
  });

  it('the value reaches .then callbacks, timers and microtasks scheduled inside run', async () => {
    const variable = new Variable<string>();
    const seen = await variable.run('carried', () =>
      Promise.all([
        Promise.resolve().then(() => variable.get()),
        later(() => variable.get()),
        microtask(() => variable.get()),
        tick().then(() => later(() => variable.get())),
        Promise.reject(new Error('x')).catch(() => variable.get()),
      ]),
    );
    expect(seen).toEqual(['carried', 'carried', 'carried', 'carried', 'carried']);
    expect(variable.get()).toBeUndefined();
  });

  itNeeds('await', 'an async function keeps its value across awaits, and never lends it to what runs while it waits', async () => {
    const variable = new Variable<string>({ defaultValue: 'none' });
    const seen: string[] = [];
    // A reaction registered here, outside any run, so never wrapped: it runs in
    // whatever frame is current when the engine gets to it.
    let signal!: () => void;
    const outside = new Promise<void>((resolve) =>
      new Promise<void>((fire) => (signal = fire)).then(() => {
        seen.push(`reaction: ${variable.get()}`);
        resolve();
      }),
    );
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = variable.run('inner', async () => {
      await tick(); // resumed from the timer queue
      seen.push(`resumed: ${variable.get()}`);
      try {
        await Promise.reject(new Error('x'));
      } catch {
        seen.push(`catch: ${variable.get()}`);
      } finally {
        seen.push(`finally: ${variable.get()}`);
      }
      signal(); // the reaction is queued now, and runs while this function waits below
      await gate;
      seen.push(`end: ${variable.get()}`);
    });
    seen.push(`caller: ${variable.get()}`);
    await outside;
    release();
    await job;
    seen.push(`after: ${variable.get()}`);
    expect(seen).toEqual(['caller: none', 'resumed: inner', 'catch: inner', 'finally: inner', 'reaction: none', 'end: inner', 'after: none']);
  });

  it('microtasks and promise reactions queued inside and outside run keep the order they were queued in', async () => {
    const variable = new Variable<string>({ defaultValue: 'outside' });
    const order: string[] = [];
    const note = (label: string) => () => void order.push(`${label}:${variable.get()}`);
    const done = new Promise<void>((resolve) => {
      queueMicrotask(note('q1'));
      variable.run('in', () => {
        queueMicrotask(note('q2'));
        Promise.resolve().then(note('p3'));
        queueMicrotask(note('q4'));
      });
      Promise.resolve().then(note('p5'));
      queueMicrotask(note('q6'));
      variable.run('in', () => queueMicrotask(() => {
        note('q7')();
        // Queued from inside a microtask: after everything queued before it.
        queueMicrotask(note('q9'));
        Promise.resolve().then(note('p10'));
      }));
      queueMicrotask(note('q8'));
      setTimeout(resolve, 0);
    });
    await done;
    expect(order).toEqual(['q1:outside', 'q2:in', 'p3:in', 'q4:in', 'p5:outside', 'q6:outside', 'q7:in', 'q8:outside', 'q9:in', 'p10:in']);
  });

  it('interleaved runs never see each other\'s values', async () => {
    const variable = new Variable<string>();
    const observe = (value: string, delays: number[]) =>
      variable.run(value, () =>
        Promise.all(delays.map((delay) => later(() => variable.get(), delay))).then((seen) => [...seen, variable.get()]),
      );
    const [a, b] = await Promise.all([observe('a', [15, 0, 5]), observe('b', [0, 10, 2])]);
    expect(a).toEqual(['a', 'a', 'a', 'a']);
    expect(b).toEqual(['b', 'b', 'b', 'b']);
  });
});

describe('no statics beyond the APIs they copy', () => {
  // Babel's loose private fields (Metro's, for Hermes 0.12) are own properties with string keys.
  itNeeds('functionShapes', 'Variable, Snapshot, AsyncLocalStorage and Context have only their own API as static members', () => {
    const statics = (cls: object) => Object.getOwnPropertyNames(cls).sort();
    expect(statics(Variable)).toEqual(['length', 'name', 'prototype']);
    expect(statics(Snapshot)).toEqual(['length', 'name', 'prototype', 'wrap']);
    expect(statics(AsyncLocalStorage)).toEqual(['bind', 'length', 'name', 'prototype', 'snapshot']);
    expect(statics(Context)).toEqual(['length', 'name', 'prototype']);
  });
});

describe('AsyncContext.Snapshot: shape', () => {
  it('is the namespace member and has the spec lengths and tag', () => {
    expect(AsyncContext.Snapshot).toBe(Snapshot);
    expect(Snapshot.length).toBe(0);
    expect(Snapshot.prototype.run.length).toBe(1);
    expect(Snapshot.wrap.length).toBe(1);
    expect(Object.prototype.toString.call(new Snapshot())).toBe('[object AsyncContext.Snapshot]');
  });

  it('cannot be called without new', () => {
    expect(() => (Snapshot as unknown as () => unknown)()).toThrow(TypeError);
  });
});

describe('AsyncContext.Snapshot: run', () => {
  it('runs fn in the frame captured at construction, then restores', () => {
    const variable = new Variable({ defaultValue: 'default' });
    const snapshot = variable.run('captured', () => new Snapshot());
    variable.run('current', () => {
      expect(snapshot.run(() => variable.get())).toBe('captured');
      expect(variable.get()).toBe('current');
    });
  });

  it('restores variables that were unset when it was taken', () => {
    const variable = new Variable({ defaultValue: 'default' });
    const snapshot = new Snapshot();
    variable.run('set later', () => {
      expect(snapshot.run(() => variable.get())).toBe('default');
      expect(variable.get()).toBe('set later');
    });
  });

  it('calls fn with this undefined, passes args and returns the result', () => {
    let seen: unknown[] = [];
    const result = new Snapshot().run(
      function (this: unknown, ...args: unknown[]) {
        seen = [this, ...args];
        return 'result';
      },
      1,
      2,
    );
    expect(result).toBe('result');
    expect(seen).toEqual([undefined, 1, 2]);
  });

  it('an exception propagates and the frame is restored', () => {
    const variable = new Variable();
    const snapshot = variable.run('captured', () => new Snapshot());
    const error = new Error('boom');
    variable.run('current', () => {
      expect(() =>
        snapshot.run(() => {
          throw error;
        }),
      ).toThrow(error);
      expect(variable.get()).toBe('current');
    });
  });

  it('a Variable.run inside snapshot.run shadows and restores as usual', () => {
    const variable = new Variable();
    const snapshot = variable.run('captured', () => new Snapshot());
    snapshot.run(() => {
      variable.run('inner', () => expect(variable.get()).toBe('inner'));
      expect(variable.get()).toBe('captured');
    });
  });

  it('can be run many times, from anywhere, including later callbacks', async () => {
    const variable = new Variable();
    const snapshot = variable.run('captured', () => new Snapshot());
    expect(snapshot.run(() => variable.get())).toBe('captured');
    expect(await later(() => snapshot.run(() => variable.get()))).toBe('captured');
    expect(snapshot.run(() => variable.get())).toBe('captured');
  });

  it('a callback scheduled inside snapshot.run carries the snapshot frame', async () => {
    const variable = new Variable();
    const snapshot = variable.run('captured', () => new Snapshot());
    const seen = await snapshot.run(() => later(() => variable.get()));
    expect(seen).toBe('captured');
  });
});

describe('AsyncContext.Snapshot.wrap', () => {
  it('returns a function that runs fn in the frame at wrap time, with call-time this and args', () => {
    const variable = new Variable();
    const receiver = { name: 'receiver' };
    const wrapped = variable.run('captured', () =>
      Snapshot.wrap(function (this: unknown, a: number, b: number) {
        return [this, a + b, variable.get()];
      }),
    );
    variable.run('current', () => {
      expect(wrapped.call(receiver, 1, 2)).toEqual([receiver, 3, 'captured']);
      expect(variable.get()).toBe('current');
    });
    expect(wrapped(3, 4)).toEqual([undefined, 7, 'captured']);
  });

  it('is named "wrapped " + fn.name and has fn.length', () => {
    function handler(_a: unknown, _b: unknown, _c: unknown): void {}
    const wrapped = Snapshot.wrap(handler);
    expect(wrapped.name).toBe('wrapped handler');
    expect(wrapped.length).toBe(3);
    expect(Snapshot.wrap(() => {}).name).toBe('wrapped ');
    expect(Snapshot.wrap(() => {}).length).toBe(0);
    // name and length are non-writable, non-enumerable, configurable (SetFunctionName/Length).
    for (const key of ['name', 'length']) {
      expect(Object.getOwnPropertyDescriptor(wrapped, key)).toMatchObject({ writable: false, enumerable: false, configurable: true });
    }
  });

  it('copies name and length as CopyNameAndLength does', () => {
    const fn = function original(): void {};
    Object.defineProperty(fn, 'name', { value: 42 });
    expect(Snapshot.wrap(fn).name).toBe('wrapped '); // a non-string name becomes ''
    Object.defineProperty(fn, 'length', { value: 7.9 });
    expect(Snapshot.wrap(fn).length).toBe(7);
    Object.defineProperty(fn, 'length', { value: -3 });
    expect(Snapshot.wrap(fn).length).toBe(0);
    Object.defineProperty(fn, 'length', { value: Number.NaN });
    expect(Snapshot.wrap(fn).length).toBe(0);
  });

  // Hermes 0.12 makes concise methods (the wrapper is one) constructors with a prototype.
  itNeeds('functionShapes', 'is not a constructor and has no prototype', () => {
    const wrapped = Snapshot.wrap(function Constructible(this: { made?: boolean }) {
      this.made = true;
    });
    expect(() => new (wrapped as unknown as new () => unknown)()).toThrow(TypeError);
    expect(Object.prototype.hasOwnProperty.call(wrapped, 'prototype')).toBe(false);
  });

  it('restores the frame after a call, even when fn throws', () => {
    const variable = new Variable();
    const error = new Error('boom');
    const wrapped = variable.run('captured', () =>
      Snapshot.wrap(() => {
        throw error;
      }),
    );
    variable.run('current', () => {
      expect(() => wrapped()).toThrow(error);
      expect(variable.get()).toBe('current');
    });
  });

  it('keeps working as a callback handed to a timer', async () => {
    const variable = new Variable();
    const seen = await new Promise((resolve) => {
      const callback = variable.run('captured', () => Snapshot.wrap(() => resolve(variable.get())));
      variable.run('scheduler', () => setTimeout(callback, 0));
    });
    expect(seen).toBe('captured');
  });
});

describe('one frame: a snapshot carries every API together', () => {
  it('new Snapshot() restores a Variable, an AsyncLocalStorage store and a Context dict', () => {
    const variable = new Variable();
    const storage = new AsyncLocalStorage<string>();
    const context = new Context();
    const snapshot = context.run({ id: 1 }, () => storage.run('store', () => variable.run('value', () => new Snapshot())));
    expect(snapshot.run(() => [variable.get(), storage.getStore(), context.toObject()])).toEqual(['value', 'store', { id: 1 }]);
    expect([variable.get(), storage.getStore(), context.size]).toEqual([undefined, undefined, 0]);
  });

  it('a Snapshot taken inside als.run restores the store in a later callback', async () => {
    const storage = new AsyncLocalStorage<string>();
    const snapshot = storage.run('request-1', () => new Snapshot());
    const seen = await storage.run('request-2', () => later(() => snapshot.run(() => storage.getStore())));
    expect(seen).toBe('request-1');
  });

  it('Snapshot.wrap carries the Context dict and ALS store too', () => {
    const storage = new AsyncLocalStorage<string>();
    const context = new Context();
    const wrapped = context.run({ user: 'ada' }, () => storage.run('s', () => Snapshot.wrap(() => [context.get('user'), storage.getStore()])));
    expect(wrapped()).toEqual(['ada', 's']);
  });

  it('AsyncLocalStorage.snapshot() restores a Variable and a Context dict', () => {
    const variable = new Variable();
    const context = new Context();
    const runInSnapshot = context.run({ id: 7 }, () => variable.run('v', () => AsyncLocalStorage.snapshot()));
    expect(runInSnapshot(() => [variable.get(), context.toObject()])).toEqual(['v', { id: 7 }]);
    expect(variable.get()).toBeUndefined();
  });

  it('AsyncLocalStorage.bind restores a Variable and a Context dict', () => {
    const variable = new Variable();
    const context = new Context();
    const bound = context.run({ id: 7 }, () => variable.run('v', () => AsyncLocalStorage.bind(() => [variable.get(), context.get('id')])));
    expect(bound()).toEqual(['v', 7]);
  });

  it('a snapshot runs in the task it was taken in: it sees the task\'s later writes, but Variables as they were', () => {
    const context = new Context();
    const variable = new Variable<number>();
    context.run({ step: 1 }, () => {
      const snapshot = variable.run(1, () => new Snapshot());
      context.set('step', 2);
      expect(snapshot.run(() => [context.get('step'), variable.get()])).toEqual([2, 1]);
    });
  });

  it('a write inside a snapshot\'s run belongs to the snapshot\'s task, not to the caller\'s', () => {
    const context = new Context();
    const snapshot = runTask(() => new Snapshot());
    const written = snapshot.run(() => context.set('a', 1).toObject());
    expect(written).toEqual({ a: 1 });
    expect(() => context.set('a', 1)).toThrow(ContextError); // still outside any task here
    expect(snapshot.run(() => context.toObject())).toEqual({ a: 1 }); // the task kept it
    context.run({ caller: true }, () => {
      snapshot.run(() => context.set('b', 2));
      expect(context.toObject()).toEqual({ caller: true });
    });
    expect(snapshot.run(() => context.toObject())).toEqual({ a: 1, b: 2 });
  });

  it('a write inside snapshot.run of the current task is the task\'s own write', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      new Snapshot().run(() => context.set('a', 2));
      expect(context.get('a')).toBe(2);
      AsyncLocalStorage.snapshot()(() => context.set('a', 3));
      expect(context.get('a')).toBe(3);
    });
  });
});
