// Tasks: runTask, what a task's callbacks and continuations share, the `copy`
// option and attach/detach. Everything a task runs (callbacks, continuations,
// reactions) shares its dict; only a new task (runTask, context.run) gets a copy.
import { describe, expect, it } from 'vitest';
import { AsyncLocalStorage, Context, ContextError, runTask, Variable } from '../../src/index.js';
import { itNeeds, profile } from './capabilities.js';
import { later, microtask, tick } from './helpers.js';

describe('runTask', () => {
  it('returns what fn returns, passes args, and calls fn with this undefined', () => {
    let seenThis: unknown = 'not called';
    const result = runTask(
      function (this: unknown, a: number, b: string) {
        seenThis = this;
        return `${a}${b}`;
      },
      1,
      'x',
    );
    expect(result).toBe('1x');
    expect(seenThis).toBeUndefined();
  });

  it('returns the promise of an async fn', async () => {
    await expect(runTask(async () => 'done')).resolves.toBe('done');
  });

  it('starts a task from outside any task, and the caller stays outside', () => {
    const context = new Context();
    expect(runTask(() => context.set('a', 1).toObject())).toEqual({ a: 1 });
    expect(context.size).toBe(0);
    expect(() => context.set('a', 1)).toThrow(ContextError);
  });

  it('an exception propagates and the caller\'s dict is intact', () => {
    const context = new Context();
    const error = new Error('boom');
    context.run({ a: 1 }, () => {
      expect(() =>
        runTask(() => {
          context.set('a', 2);
          throw error;
        }),
      ).toThrow(error);
      expect(context.toObject()).toEqual({ a: 1 });
    });
  });

  it('the child starts with a copy of the parent\'s dict; its writes never reach the parent', () => {
    const context = new Context();
    context.run({ a: 1 }, () => {
      const seenByChild = runTask(() => {
        const before = context.toObject();
        context.set('a', 2).set('b', 3);
        return before;
      });
      expect(seenByChild).toEqual({ a: 1 });
      expect(context.toObject()).toEqual({ a: 1 });
    });
  });

  it('Variables and AsyncLocalStorage stores carry into the child unchanged', () => {
    const variable = new Variable();
    const storage = new AsyncLocalStorage();
    const seen = variable.run('v', () => storage.run('s', () => runTask(() => [variable.get(), storage.getStore()])));
    expect(seen).toEqual(['v', 's']);
  });
});

describe('one dict per task: what its callbacks see', () => {
  it('writes are visible at once in the same synchronous stretch and in sync calls', () => {
    const context = new Context();
    const read = () => context.get('a');
    context.run({}, () => {
      context.set('a', 1);
      expect(read()).toBe(1);
      (function helper() {
        context.set('a', 2); // a sync callee writes for its caller too
      })();
      expect(context.get('a')).toBe(2);
    });
  });

  it('a .then callback sees the task\'s writes made after .then (one dict per task)', async () => {
    const context = new Context();
    const [before, after] = await context.run({ step: 1 }, () => {
      const child = Promise.resolve().then(() => context.get('step'));
      context.set('step', 2);
      const laterChild = Promise.resolve().then(() => context.get('step'));
      return Promise.all([child, laterChild]);
    });
    expect([before, after]).toEqual([2, 2]);
  });

  it('a setTimeout callback sees the task\'s writes made after setTimeout', async () => {
    const context = new Context();
    const [before, after] = await context.run({ step: 1 }, () => {
      const child = later(() => context.get('step'), 5);
      context.set('step', 2);
      return Promise.all([child, later(() => context.get('step'))]);
    });
    expect([before, after]).toEqual([2, 2]);
  });

  it('a queueMicrotask callback sees the task\'s writes made after the call', async () => {
    const context = new Context();
    const seen = await context.run({ step: 1 }, () => {
      const child = microtask(() => context.get('step'));
      context.set('step', 2);
      return child;
    });
    expect(seen).toBe(2);
  });

  it('a callback\'s writes reach the rest of its task; a runTask child\'s reach neither its parent nor a sibling', async () => {
    const context = new Context();
    const result = await context.run({ shared: 'parent' }, () => {
      const callback = later(() => void context.set('fromCallback', true));
      const child = runTask(() => later(() => void context.set('shared', 'child').set('onlyChild', true), 5));
      const sibling = runTask(() => later(() => context.toObject(), 10)); // runs after the child wrote
      const parentLater = tick(15).then(() => context.toObject());
      return Promise.all([callback, child, sibling, parentLater]);
    });
    expect(result).toEqual([undefined, undefined, { shared: 'parent' }, { shared: 'parent', fromCallback: true }]);
  });

  it('Promise.all members share the task\'s dict; wrapped in runTask each has its own', async () => {
    const context = new Context();
    const member = (n: number) =>
      tick(10 - 3 * n).then(() => {
        context.set(`m${n}`, n);
        return tick(12).then(() => Object.keys(context.toObject()).sort());
      });
    const shared = await context.run({}, () => Promise.all([1, 2, 3].map(member)));
    const [isolated, parent] = await context.run({}, async () => [
      await Promise.all([1, 2, 3].map((n) => runTask(member, n))),
      context.toObject(),
    ]);
    const all = ['m1', 'm2', 'm3'];
    expect(shared).toEqual([all, all, all]);
    expect(isolated).toEqual([['m1'], ['m2'], ['m3']]);
    expect(parent).toEqual({});
  });

  it('a .catch and .finally callback see the task\'s writes made after the call', async () => {
    const context = new Context();
    const seen: unknown[] = [];
    await context.run({ step: 'caught' }, () => {
      const p = Promise.reject(new Error('x'))
        .catch(() => seen.push(context.get('step')))
        .finally(() => seen.push(context.get('step')));
      context.set('step', 'later');
      return p;
    });
    expect(seen).toEqual(['later', 'later']);
  });

  it('a runTask started after a write sees it; one started before does not', async () => {
    const context = new Context();
    const [early, late] = await context.run({ step: 1 }, () => {
      const earlyTask = runTask(() => later(() => context.get('step'), 5));
      context.set('step', 2);
      const lateTask = runTask(() => later(() => context.get('step')));
      return Promise.all([earlyTask, lateTask]);
    });
    expect([early, late]).toEqual([1, 2]);
  });

  it('a chain of callbacks, each scheduled by the one before, sees each write before it', async () => {
    const context = new Context();
    const seen = await context.run({ depth: 0 }, () => {
      const hop = (depth: number): Promise<unknown[]> =>
        later(() => {
          const here = context.get('depth');
          context.set('depth', depth + 1);
          return depth < 3 ? hop(depth + 1).then((rest) => [here, ...rest]) : [here];
        }) as Promise<unknown[]>;
      return hop(0);
    });
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});

describe('one dict per task across await', () => {
  // Native await propagation: the als and native backends; the patch layer with
  // the build plugin (every bundle of this suite). Without it, the empty frame.
  it('after an await a task sees its own values (or, on the patch layer, none), never another task\'s', async () => {
    const context = new Context();
    const variable = new Variable<string>();
    const request = (id: string, delays: number[]) =>
      context.run({ id }, () =>
        variable.run(id, async () => {
          const seen: unknown[] = [];
          for (const delay of delays) {
            await tick(delay);
            seen.push(context.get('id'), variable.get());
          }
          return seen;
        }),
      );
    const [a, b] = await Promise.all([request('a', [6, 0, 2]), request('b', [0, 4, 1])]);
    const allowed = (id: string) => (profile.await ? [id] : [id, undefined]);
    for (const seen of a) expect(allowed('a')).toContain(seen);
    for (const seen of b) expect(allowed('b')).toContain(seen);
  });

  itNeeds('await', 'code after await sees the dict at the await (await needs native propagation or the await plugin)', async () => {
    const context = new Context();
    const seen = await context.run({ id: 1 }, async () => {
      context.set('user', 'ada');
      await tick();
      await null;
      return context.toObject();
    });
    expect(seen).toEqual({ id: 1, user: 'ada' });
  });

  itNeeds('await', 'an awaited async function\'s writes after its own await reach its caller (the same task)', async () => {
    const context = new Context();
    const seen = await context.run({ a: 1 }, async () => {
      async function child(): Promise<unknown> {
        await tick();
        context.set('a', 'child');
        return context.get('a');
      }
      const childSaw = await child();
      return [childSaw, context.get('a')];
    });
    expect(seen).toEqual(['child', 'child']);
  });

  itNeeds('await', 'a continuation sees the task\'s writes made while it waited', async () => {
    const context = new Context();
    const seen = await context.run({ step: 1 }, async () => {
      const child = (async () => {
        await tick(5);
        return context.get('step');
      })();
      context.set('step', 2);
      return [await child, context.get('step')];
    });
    expect(seen).toEqual([2, 2]);
  });

  itNeeds('await', 'two interleaved async requests keep their own dicts across many awaits (await needs native propagation or the await plugin)', async () => {
    const context = new Context();
    const request = (id: string, delays: number[]) =>
      context.run({ id }, async () => {
        const seen: unknown[] = [];
        for (const delay of delays) {
          context.set('step', `${id}${delay}`);
          await tick(delay);
          seen.push(`${String(context.get('id'))}:${String(context.get('step'))}`);
        }
        return seen;
      });
    const [a, b] = await Promise.all([request('a', [5, 0, 3]), request('b', [0, 4, 1])]);
    expect(a).toEqual(['a:a5', 'a:a0', 'a:a3']);
    expect(b).toEqual(['b:b0', 'b:b4', 'b:b1']);
  });
});

describe('concurrent tasks', () => {
  it('interleaved requests through .then and timer hops see their own writes, never each other\'s', async () => {
    const context = new Context();
    const request = (id: number, delays: number[]) =>
      context.run({ id }, () =>
        delays.reduce<Promise<unknown[]>>(
          (chain, delay) =>
            chain.then((seen) =>
              later(() => {
                // Each hop records what it sees, then writes for the hops after it.
                const here = `${String(context.get('id'))}/${String(context.get('hop', '-'))}`;
                context.set('hop', delay);
                return [...seen, here];
              }, delay),
            ),
          Promise.resolve([]),
        ),
      );
    // Each later() is scheduled inside the .then callback of the previous hop,
    // which runs in the frame where .then was called: the request's own frame.
    const [a, b] = await Promise.all([request(1, [8, 0, 4]), request(2, [0, 6, 2])]);
    expect(a).toEqual(['1/-', '1/8', '1/0']);
    expect(b).toEqual(['2/-', '2/0', '2/6']);
  });

  it('writes inside nested timers of one request never reach another', async () => {
    const context = new Context();
    const request = (id: string) =>
      context.run({ id }, () =>
        later(() => {
          context.set('owner', id);
          return later(() => [context.get('id'), context.get('owner')], id === 'a' ? 10 : 1);
        }, id === 'a' ? 0 : 5),
      );
    expect(await Promise.all([request('a'), request('b')])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });
});

describe('the copy option', () => {
  it('without copy, a runTask child shares the values: mutating a nested object shows in the parent (shallow, as AioContext)', () => {
    const context = new Context();
    context.run({ user: { name: 'ada' } }, () => {
      runTask(() => {
        (context.get('user') as { name: string }).name = 'grace';
      });
      expect(context.get('user')).toEqual({ name: 'grace' });
    });
  });

  it('with copy: structuredClone, a runTask child gets its own copy of each value', () => {
    const context = new Context({ copy: structuredClone });
    context.run({ user: { name: 'ada' } }, () => {
      const parentUser = context.get('user');
      const childUser = runTask(() => {
        const user = context.get('user') as { name: string };
        user.name = 'grace';
        return user;
      });
      expect(childUser).not.toBe(parentUser);
      expect(context.get('user')).toEqual({ name: 'ada' });
    });
  });

  it('copy applies when a task starts with this context\'s run or another context\'s run', () => {
    const copied = new Context({ copy: structuredClone });
    const other = new Context();
    copied.run({ list: [1] }, () => {
      const original = copied.get('list');
      const viaOwnRun = copied.run({}, () => copied.get('list'));
      const viaOtherRun = other.run({}, () => copied.get('list'));
      expect(viaOwnRun).toEqual([1]);
      expect(viaOwnRun).not.toBe(original);
      expect(viaOtherRun).toEqual([1]);
      expect(viaOtherRun).not.toBe(original);
    });
  });

  it('values given to run are used as given, not copied', () => {
    const context = new Context({ copy: structuredClone });
    const given = { name: 'ada' };
    context.run({ user: given }, () => expect(context.get('user')).toBe(given));
  });

  it('at implicit boundaries (callbacks) values are shared, even with a copy function', async () => {
    let copies = 0;
    const context = new Context({
      copy: (value) => {
        copies++;
        return structuredClone(value);
      },
    });
    await context.run({ user: { name: 'ada' } }, async () => {
      const parentUser = context.get('user');
      copies = 0;
      const [inThen, inTimer] = await Promise.all([Promise.resolve().then(() => context.get('user')), later(() => context.get('user'))]);
      expect(inThen).toBe(parentUser);
      expect(inTimer).toBe(parentUser);
      expect(copies).toBe(0);
    });
  });
});

describe('attach and detach', () => {
  it('a detached context is not inherited by runTask; attach restores inheritance', () => {
    const context = new Context();
    context.run({ secret: 1 }, () => {
      context.detach();
      try {
        expect(runTask(() => [context.size, context.get('secret')])).toEqual([0, undefined]);
      } finally {
        context.attach();
      }
      expect(runTask(() => context.get('secret'))).toBe(1);
    });
  });

  it('a detached context is not inherited by another context\'s run', () => {
    const detached = new Context().detach();
    const other = new Context();
    runTask(() => {
      detached.set('a', 1);
      expect(other.run({}, () => detached.toObject())).toEqual({});
      expect(detached.toObject()).toEqual({ a: 1 }); // the parent's dict is untouched
    });
  });

  it('inside a task that did not inherit it, a detached context starts empty and can be written', () => {
    const detached = new Context().detach();
    runTask(() => {
      detached.set('a', 'parent');
      const childView = runTask(() => {
        const before = detached.toObject();
        detached.set('a', 'child');
        return [before, detached.toObject()];
      });
      expect(childView).toEqual([{}, { a: 'child' }]);
      expect(detached.get('a')).toBe('parent');
    });
  });

  it('detaching one context leaves the others inherited', () => {
    const detached = new Context().detach();
    const attached = new Context();
    runTask(() => {
      detached.set('a', 1);
      attached.set('b', 2);
      expect(runTask(() => [detached.get('a'), attached.get('b')])).toEqual([undefined, 2]);
    });
  });
});
