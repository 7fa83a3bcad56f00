import { describe, expect, it } from 'vitest';
import { AsyncLocalStorage, Context, Snapshot, Variable } from '../../src/index.js';
import { later } from './helpers.js';

// A Variable, a storage or `exit` narrows the scope of the current task; it does
// not start a new one. A Context dict belongs to the task (AioContext: to the
// asyncio Task), so writes made inside such a scope outlive it.

describe('Context writes inside a narrower scope of the same task', () => {
  const context = new Context();
  const v = new Variable<number>();
  const storage = new AsyncLocalStorage<string>();

  it('survive the end of Variable.run, AsyncLocalStorage.run and exit, and an exception', () => {
    context.run({}, () => {
      v.run(1, () => context.set('variable', 1));
      storage.run('s', () => v.run(2, () => context.set('nested', 2)));
      storage.run('s', () => storage.exit(() => context.set('exit', 3)));
      expect(() =>
        v.run(4, () => {
          context.set('thrown', 4);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(context.toObject()).toEqual({ variable: 1, nested: 2, exit: 3, thrown: 4 });
      // The scopes themselves ended.
      expect([v.get(), storage.getStore()]).toEqual([undefined, undefined]);
    });
  });

  it('reach a callback scheduled inside the scope before the write (the same task)', async () => {
    const seen = await context.run({ step: 0 }, () =>
      v.run(1, () => {
        const child = later(() => context.get('step'));
        context.set('step', 1);
        return child;
      }),
    );
    expect(seen).toBe(1);
  });

  it('never leak from one task to another through a shared Variable scope', async () => {
    const results = await Promise.all(
      ['a', 'b'].map((id) =>
        context.run({}, () => {
          v.run(1, () => context.set('id', id));
          return later(() => context.get('id'));
        }),
      ),
    );
    expect(results).toEqual(['a', 'b']);
  });

  it('made inside Snapshot.run belong to the snapshot, not to the caller', () => {
    const snapshot = context.run({ owner: 'snapshot task' }, () => new Snapshot());
    context.run({ owner: 'caller task' }, () => {
      snapshot.run(() => context.set('written', 'inside snapshot'));
      expect(context.toObject()).toEqual({ owner: 'caller task' });
    });
  });

  it('made inside a task started within the scope stay in that task', () => {
    const other = new Context();
    context.run({}, () => {
      v.run(1, () => other.run({}, () => context.set('inner task', true)));
      expect(context.has('inner task')).toBe(false);
    });
  });
});
