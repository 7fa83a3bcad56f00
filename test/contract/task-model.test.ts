// The task model (AioContext's): a task starts at context.run and runTask;
// everything it runs shares one dict and sees every write made so far; a new
// task starts with a copy. And an entered store never reaches another task.
import { describe, expect, it } from 'vitest';
import { AsyncLocalStorage, Context, ContextError, runTask, Variable } from '../../src/index.js';
import { itNeeds } from './capabilities.js';
import { tick } from './helpers.js';

describe('the task model', () => {
  itNeeds('await', "the README's request example: the handler reads what loadUser set after its own await", async () => {
    const request = new Context<{ requestId: string; user: string }>({ name: 'request' });
    async function loadUser(): Promise<void> {
      await tick(); // a database call, say
      request.set('user', `user of ${request.get('requestId') ?? '?'}`);
    }
    const handle = (requestId: string) =>
      request.run({ requestId }, async () => {
        await loadUser();
        return request.toObject();
      });
    expect(await Promise.all([handle('r1'), handle('r2')])).toEqual([
      { requestId: 'r1', user: 'user of r1' },
      { requestId: 'r2', user: 'user of r2' },
    ]);
  });

  itNeeds('await', 'a middleware chain: each step awaits, sets a value, and every later step sees it', async () => {
    const context = new Context();
    type Next = () => Promise<unknown>;
    type Middleware = (next: Next) => Promise<unknown>;
    const compose =
      (steps: Middleware[]): Next =>
      () =>
        steps.reduceRight<Next>((next, step) => () => step(next), async () => context.toObject())();
    const app = compose([
      async (next) => {
        await tick(2);
        context.set('auth', 'token');
        return next();
      },
      async (next) => {
        const session = await Promise.resolve('session');
        context.set('session', session);
        const result = await next();
        context.set('after', true); // after the inner steps returned
        return result;
      },
      async (next) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        context.set('user', `${String(context.get('auth'))}:${String(context.get('session'))}`);
        return next();
      },
    ]);
    const handle = (id: string) =>
      context.run({ id }, async () => {
        const inner = await app();
        return [inner, context.toObject()]; // the handler, after the chain: every write of its task
      });
    const [a, b] = await Promise.all([handle('a'), handle('b')]);
    const seenBy = (id: string) => ({ id, auth: 'token', session: 'session', user: 'token:session' });
    expect(a).toEqual([seenBy('a'), { ...seenBy('a'), after: true }]);
    expect(b).toEqual([seenBy('b'), { ...seenBy('b'), after: true }]);
  });

  it('siblings started with runTask are isolated from each other and from the parent', async () => {
    const context = new Context();
    const sibling = (name: string, delay: number) =>
      runTask(() =>
        tick(delay).then(() => {
          context.set('owner', name).set(name, true);
          return tick(5).then(() => context.toObject());
        }),
      );
    const [first, second, parent] = await context.run({ base: 1 }, () =>
      Promise.all([sibling('first', 0), sibling('second', 2), tick(12).then(() => context.toObject())]),
    );
    expect(first).toEqual({ base: 1, owner: 'first', first: true });
    expect(second).toEqual({ base: 1, owner: 'second', second: true });
    expect(parent).toEqual({ base: 1 });
  });

  itNeeds('await', 'concurrent branches of one task share its dict (as coroutines in one asyncio Task)', async () => {
    const context = new Context();
    const seen = await context.run({}, async () => {
      const branch = async (name: string, delay: number) => {
        await tick(delay);
        context.set(name, true);
        await tick(8);
        return Object.keys(context.toObject()).sort();
      };
      const results = await Promise.all([branch('a', 0), branch('b', 3)]);
      return [...results, Object.keys(context.toObject()).sort()];
    });
    expect(seen).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b']]);
  });

  // Its runTask comes after a native await: without the await plugin on the patch layer, outside the task.
  itNeeds('await', 'the copy function runs at a task start only, once per value', async () => {
    const copied: unknown[] = [];
    const context = new Context({ copy: (value) => (copied.push(value), structuredClone(value)) });
    await context.run({ list: [1] }, async () => {
      expect(copied).toEqual([]); // values given to run are taken as given
      await Promise.resolve().then(() => context.get('list'));
      await tick();
      expect(copied).toEqual([]); // callbacks and reactions of the task: no copy
      runTask(() => context.get('list'));
      expect(copied).toEqual([[1]]);
    });
  });

  it('a Variable.run or AsyncLocalStorage.run scope does not start a task: writes inside belong to it', async () => {
    const context = new Context();
    const variable = new Variable<number>();
    const storage = new AsyncLocalStorage<string>();
    const seen = await context.run({}, () => {
      const scheduledOutside = new Promise((resolve) => setTimeout(() => resolve(context.toObject()), 40));
      variable.run(1, () => context.set('fromVariable', 1));
      storage.run('s', () => setTimeout(() => context.set('fromStorageTimer', 2), 0));
      return scheduledOutside;
    });
    expect(seen).toEqual({ fromVariable: 1, fromStorageTimer: 2 });
  });

  it('outside any task reads give the default and writes throw a ContextError that says how to start one', () => {
    const context = new Context({ name: 'request' });
    expect(context.get('user', 'nobody')).toBe('nobody');
    expect(() => context.set('user', 'ada')).toThrow(ContextError);
    expect(() => context.set('user', 'ada')).toThrow(/Context "request"\.set: .*context\.run\(values, fn\) or runTask\(fn\)/);
  });
});

/**
 * Runs a callback scheduled from no frame that first queues a reader with
 * `queueReader`, then enters the store 'B' (refused where the backend could
 * not end it with the job). Resolves with what the reader saw.
 */
function readAfterEnterOutsideRun(queueReader: (read: () => unknown) => Promise<unknown>): Promise<unknown> {
  const storage = new AsyncLocalStorage<string>();
  return new Promise((resolve, reject) =>
    setTimeout(() => {
      const seen = queueReader(() => storage.getStore());
      try {
        storage.enterWith('B');
      } catch (error) {
        if (!(error instanceof ContextError)) reject(error);
      }
      seen.then(resolve, reject);
    }, 0),
  );
}

describe('never another task\'s frame: an enterWith outside any run reaches nothing queued before it', () => {
  it('a promise reaction', async () => {
    expect(await readAfterEnterOutsideRun((read) => Promise.resolve().then(read))).toBeUndefined();
  });

  it('an await continuation', async () => {
    expect(
      await readAfterEnterOutsideRun(async (read) => {
        await null;
        return read();
      }),
    ).toBeUndefined();
  });

  it('a queueMicrotask callback', async () => {
    expect(await readAfterEnterOutsideRun((read) => new Promise((resolve) => queueMicrotask(() => resolve(read()))))).toBeUndefined();
  });

  it('a timer', async () => {
    expect(await readAfterEnterOutsideRun((read) => new Promise((resolve) => setTimeout(() => resolve(read()), 0)))).toBeUndefined();
  });

  it('an event listener', async () => {
    expect(
      await readAfterEnterOutsideRun((read) => {
        const target = new EventTarget();
        const heard = new Promise((resolve) => target.addEventListener('ping', () => resolve(read())));
        queueMicrotask(() => target.dispatchEvent(new Event('ping')));
        return heard;
      }),
    ).toBeUndefined();
  });
});
