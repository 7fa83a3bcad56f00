// Context: the AioContext dict, its Map-like API, and what "outside any task" means.
// Copy-on-spawn across async boundaries lives in run-task.test.ts.
import { describe, expect, it } from 'vitest';
import { AsyncLocalStorage, Context, ContextError, runTask, Variable } from '../../src/index.js';
import { itNeeds } from './capabilities.js';
import { later, thrown, tick } from './helpers.js';

describe('Context: the dict API inside a task', () => {
  it('get returns the value, or the default (undefined unless given) for a missing key', () => {
    const context = new Context();
    context.run({ user: 'ada', zero: 0, nothing: undefined }, () => {
      expect(context.get('user')).toBe('ada');
      expect(context.get('missing')).toBeUndefined();
      expect(context.get('missing', 'fallback')).toBe('fallback');
      // A present key wins over the default, even when its value is falsy or undefined.
      expect(context.get('zero', 99)).toBe(0);
      expect(context.get('nothing', 'fallback')).toBeUndefined();
    });
  });

  it('set returns the context (chainable) and is visible at once', () => {
    const context = new Context();
    context.run({}, () => {
      expect(context.set('a', 1).set('b', 2)).toBe(context);
      expect(context.get('a')).toBe(1);
      expect(context.get('b')).toBe(2);
      context.set('a', 3);
      expect(context.get('a')).toBe(3);
    });
  });

  it('has, delete (true only if the key was there), size and clear', () => {
    const context = new Context();
    context.run({ a: 1, b: undefined }, () => {
      expect(context.size).toBe(2);
      expect(context.has('a')).toBe(true);
      expect(context.has('b')).toBe(true); // present with an undefined value
      expect(context.has('c')).toBe(false);
      expect(context.delete('a')).toBe(true);
      expect(context.delete('a')).toBe(false);
      expect(context.has('a')).toBe(false);
      expect(context.size).toBe(1);
      expect(context.clear()).toBeUndefined();
      expect(context.size).toBe(0);
      expect(context.has('b')).toBe(false);
    });
  });

  it('keys, values, entries and iteration follow insertion order', () => {
    const context = new Context();
    context.run({ first: 1, second: 2 }, () => {
      context.set('third', 3);
      context.set('first', 10); // overwriting keeps the key's position, as a Map does
      expect([...context.keys()]).toEqual(['first', 'second', 'third']);
      expect([...context.values()]).toEqual([10, 2, 3]);
      expect([...context.entries()]).toEqual([
        ['first', 10],
        ['second', 2],
        ['third', 3],
      ]);
      expect([...context]).toEqual([...context.entries()]);
      expect(new Map(context)).toEqual(new Map([['first', 10], ['second', 2], ['third', 3]]));
    });
  });

  it('iteration is the dict\'s own, as a Map\'s: an `entries` shadowed on the context is not asked', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      Object.defineProperty(context, 'entries', {
        value: () => {
          throw new Error('asked');
        },
      });
      expect([...context]).toEqual([['a', 1]]);
    });
  });

  it('an iterator taken before a write keeps showing the dict it was taken from', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      const keys = context.keys();
      context.set('b', 2);
      expect([...keys]).toEqual(['a']);
    });
  });

  it('forEach calls back with (value, key, context) and thisArg', () => {
    const context = new Context();
    const thisArg = { marker: true };
    const calls: unknown[][] = [];
    context.run({ a: 1, b: 2 }, () => {
      context.forEach(function (this: unknown, value, key, ctx) {
        calls.push([this, value, key, ctx]);
      }, thisArg);
    });
    expect(calls).toEqual([
      [thisArg, 1, 'a', context],
      [thisArg, 2, 'b', context],
    ]);
    expect(calls[0]![3]).toBe(context);
  });

  it('update takes a plain object, a Map or [key, value] pairs and returns the context', () => {
    const context = new Context();
    context.run({ keep: 'me' }, () => {
      expect(context.update({ a: 1, b: 2 })).toBe(context);
      expect(context.update(new Map([['c', 3]]))).toBe(context);
      expect(context.update([['d', 4], ['a', 10]])).toBe(context);
      // A generator of pairs is an iterable too.
      context.update(
        (function* () {
          yield ['e', 5] as const;
        })(),
      );
      expect(context.toObject()).toEqual({ keep: 'me', a: 10, b: 2, c: 3, d: 4, e: 5 });
    });
  });

  it('setDefault sets only a missing key and returns the value now stored', () => {
    const context = new Context();
    context.run({ present: 'old' }, () => {
      expect(context.setDefault('present', 'new')).toBe('old');
      expect(context.get('present')).toBe('old');
      expect(context.setDefault('absent', 'new')).toBe('new');
      expect(context.get('absent')).toBe('new');
    });
  });

  it('pop removes and returns the value, or the default (undefined unless given) when missing', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      expect(context.pop('a')).toBe(1);
      expect(context.has('a')).toBe(false);
      expect(context.pop('a')).toBeUndefined();
      expect(context.pop('a', 'fallback')).toBe('fallback');
      expect(context.has('a')).toBe(false); // pop with a default never sets
    });
  });

  it('toObject and toJSON give a plain copy of the dict', () => {
    const context = new Context();
    context.run({ id: 7, tags: ['x'] }, () => {
      const object = context.toObject();
      expect(object).toEqual({ id: 7, tags: ['x'] });
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      object.id = 8; // a copy: changing it does not write the context
      expect(context.get('id')).toBe(7);
      expect(JSON.stringify(context)).toBe('{"id":7,"tags":["x"]}');
      expect(context.toJSON()).toEqual({ id: 7, tags: ['x'] });
    });
  });

  it('run returns what fn returns, passes args, and calls fn with this undefined', () => {
    const context = new Context();
    let seenThis: unknown = 'not called';
    let seenArgs: unknown[] = [];
    const result = context.run(
      {},
      function (this: unknown, ...args: unknown[]) {
        seenThis = this;
        seenArgs = args;
        return 'result';
      },
      1,
      'two',
    );
    expect(result).toBe('result');
    expect(seenThis).toBeUndefined();
    expect(seenArgs).toEqual([1, 'two']);
  });

  it('run takes its values as an object, a Map or pairs, merged over a copy of the current dict', () => {
    const context = new Context();
    context.run({ a: 1, b: 2 }, () => {
      expect(context.run({ b: 20, c: 30 }, () => context.toObject())).toEqual({ a: 1, b: 20, c: 30 });
      expect(context.run(new Map([['c', 3]]), () => context.toObject())).toEqual({ a: 1, b: 2, c: 3 });
      expect(context.run([['a', 'x']], () => context.toObject())).toEqual({ a: 'x', b: 2 });
      // The values given to the inner run never reach the outer task.
      expect(context.toObject()).toEqual({ a: 1, b: 2 });
    });
  });

  it('writes inside a nested run stay there; the outer dict is what it was', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      context.run({}, () => {
        context.set('a', 2).set('b', 3);
        context.delete('a');
      });
      expect(context.toObject()).toEqual({ a: 1 });
    });
  });

  it('run restores the dict when fn throws, and the error propagates', () => {
    const context = new Context();
    const error = new Error('boom');
    context.run({ a: 1 }, () => {
      expect(() =>
        context.run({ a: 2 }, () => {
          context.set('b', 3);
          throw error;
        }),
      ).toThrow(error);
      expect(context.toObject()).toEqual({ a: 1 });
    });
  });

  it('has a name ("" by default), an attached flag, and the [object Context] tag', () => {
    const anonymous = new Context();
    const named = new Context({ name: 'request' });
    expect(anonymous.name).toBe('');
    expect(named.name).toBe('request');
    expect(Object.prototype.toString.call(named)).toBe('[object Context]');
    expect(String(named)).toBe('[object Context]');
    expect(named.attached).toBe(true);
    expect(named.detach()).toBe(named);
    expect(named.attached).toBe(false);
    expect(named.attach()).toBe(named);
    expect(named.attached).toBe(true);
  });

  it('two contexts are two independent dicts in the same task', () => {
    const first = new Context();
    const second = new Context();
    first.run({ key: 'first' }, () => {
      expect(second.get('key')).toBeUndefined();
      second.set('key', 'second'); // the task opened by first.run lets second be written too
      expect(first.get('key')).toBe('first');
      expect(second.get('key')).toBe('second');
    });
  });
});

describe('Context outside any task', () => {
  // Each write, with its arguments; every one must refuse and say how to start a task.
  const writes: Array<[string, (c: Context) => unknown]> = [
    ['set', (c) => c.set('a', 1)],
    ['delete', (c) => c.delete('a')],
    ['clear', (c) => c.clear()],
    ['update', (c) => c.update({ a: 1 })],
    ['setDefault', (c) => c.setDefault('a', 1)],
    ['pop', (c) => c.pop('a', 'default')],
  ];

  for (const [method, write] of writes) {
    it(`${method} throws a ContextError naming the method and saying how to start a task`, () => {
      const context = new Context();
      const error = thrown(() => write(context));
      expect(error).toBeInstanceOf(ContextError);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`\\b${method}\\b`));
      expect(message).toMatch(/context\.run/);
      expect(message).toMatch(/runTask/);
      expect((error as Error).name).toBe('ContextError');
      // Nothing was written.
      expect(context.size).toBe(0);
    });
  }

  it('reads return the defaults', () => {
    const context = new Context();
    expect(context.get('a')).toBeUndefined();
    expect(context.get('a', 'fallback')).toBe('fallback');
    expect(context.has('a')).toBe(false);
    expect(context.size).toBe(0);
    expect([...context.keys()]).toEqual([]);
    expect([...context.values()]).toEqual([]);
    expect([...context.entries()]).toEqual([]);
    expect([...context]).toEqual([]);
    expect(context.toObject()).toEqual({});
    let calls = 0;
    context.forEach(() => calls++);
    expect(calls).toBe(0);
  });

  it('after run returns, the caller is outside the task again', () => {
    const context = new Context();
    context.run({ a: 1 }, () => context.set('b', 2));
    expect(context.size).toBe(0);
    expect(() => context.set('a', 1)).toThrow(ContextError);
  });

  it('a Variable.run or AsyncLocalStorage.run does not start a task', () => {
    const context = new Context();
    const variable = new Variable();
    const storage = new AsyncLocalStorage();
    expect(() => variable.run(1, () => context.set('a', 1))).toThrow(ContextError);
    expect(() => storage.run(1, () => context.set('a', 1))).toThrow(ContextError);
  });

  it('a callback scheduled outside any task is outside any task too', async () => {
    const context = new Context();
    const error = await later(() => thrown(() => context.set('a', 1)));
    expect(error).toBeInstanceOf(ContextError);
  });

  it('being in a task is a property of the frame: a Context created inside a task can be written at once', () => {
    const seen = runTask(() => {
      const fresh = new Context();
      expect(fresh.size).toBe(0); // its dict starts empty
      fresh.set('a', 1);
      return fresh.toObject();
    });
    expect(seen).toEqual({ a: 1 });
  });

  it('a Context created inside a task can be written in callbacks the task schedules', async () => {
    const seen = await runTask(() => {
      const fresh = new Context();
      return later(() => fresh.set('a', 1).get('a'));
    });
    expect(seen).toBe(1);
  });
});

describe('the seed scenario (AioContext introduction)', () => {
  // context['request_id'] = 42; await print_request() reads it.
  const context = new Context();

  async function printRequest(): Promise<string> {
    return `Request ID: ${String(context.get('request_id', 'unknown'))}`;
  }

  async function handleRequest(): Promise<string> {
    context.set('request_id', 42);
    return await printRequest();
  }

  it('a request id set in a task is read by the coroutine it awaits', async () => {
    await expect(context.run({}, handleRequest)).resolves.toBe('Request ID: 42');
  });

  it('outside a request the id is "unknown"', async () => {
    await expect(printRequest()).resolves.toBe('Request ID: unknown');
  });

  it('two concurrent requests each read their own id through a timer hop', async () => {
    const handle = (id: number, delay: number) =>
      context.run({}, () => {
        context.set('request_id', id);
        return tick(delay).then(printRequest);
      });
    await expect(Promise.all([handle(1, 20), handle(2, 0)])).resolves.toEqual(['Request ID: 1', 'Request ID: 2']);
  });

  itNeeds('await', 'the id survives awaits inside the awaited coroutine (native await propagation or the await plugin)', async () => {
    async function printLater(): Promise<string> {
      await tick();
      await null;
      return `Request ID: ${String(context.get('request_id', 'unknown'))}`;
    }
    const result = await context.run({}, async () => {
      context.set('request_id', 42);
      await tick();
      return await printLater();
    });
    expect(result).toBe('Request ID: 42');
  });
});
