// AsyncResource: Node's API on every runtime. test/node/async-resource-parity.test.ts
// checks the same calls against Node's own class; this file must run anywhere.
import { describe, expect } from 'vitest';
import { AsyncLocalStorage, AsyncResource, Context, Snapshot, Variable, runTask } from '../../src/index.js';
import { itNeeds } from './capabilities.js';
import { later, thrown } from './helpers.js';

describe('AsyncResource: runInAsyncScope', () => {
  itNeeds('asyncResource', 'runs in the frame of construction: Variable, AsyncLocalStorage and Context travel', async () => {
    const variable = new Variable<string>();
    const storage = new AsyncLocalStorage<string>();
    const context = new Context();
    const resource = context.run({ user: 'ada' }, () =>
      variable.run('v', () => storage.run('s', () => new AsyncResource('Job'))),
    );
    // Called later, from a timer scheduled outside all of them: a pool or a queue calling back.
    const seen = await later(() =>
      resource.runInAsyncScope(() => [variable.get(), storage.getStore(), context.get('user')]),
    );
    expect(seen).toEqual(['v', 's', 'ada']);
  });

  itNeeds('asyncResource', 'restores the caller\'s frame afterwards, also when fn throws', () => {
    const variable = new Variable<number>({ defaultValue: 0 });
    const resource = variable.run(1, () => new AsyncResource('Job'));
    variable.run(2, () => {
      expect(resource.runInAsyncScope(() => variable.get())).toBe(1);
      expect(variable.get()).toBe(2);
      const error = thrown(() =>
        resource.runInAsyncScope(() => {
          throw new Error('boom');
        }),
      );
      expect((error as Error).message).toBe('boom');
      expect(variable.get()).toBe(2);
    });
  });

  itNeeds('asyncResource', 'calls fn with thisArg and the arguments, and returns its result', () => {
    const resource = new AsyncResource('Job');
    const self = { n: 40 };
    const result = resource.runInAsyncScope(function (this: { n: number }, a: number, b: number) {
      return this.n + a + b;
    }, self, 1, 1);
    expect(result).toBe(42);
  });

  itNeeds('asyncResource', 'what fn schedules stays in the resource\'s frame', async () => {
    const variable = new Variable<string>();
    const resource = variable.run('job', () => new AsyncResource('Job'));
    const seen = await resource.runInAsyncScope(() => later(() => variable.get()));
    expect(seen).toBe('job');
  });

  itNeeds('asyncResource', 'a Snapshot taken inside sees the resource\'s frame', () => {
    const variable = new Variable<string>();
    const resource = variable.run('job', () => new AsyncResource('Job'));
    const snapshot = resource.runInAsyncScope(() => new Snapshot());
    expect(snapshot.run(() => variable.get())).toBe('job');
  });

  itNeeds('asyncResource', 'a resource made in a task carries that task\'s Context', async () => {
    const context = new Context();
    const resource = await runTask(async () => {
      context.set('requestId', 7);
      return new AsyncResource('Request');
    });
    expect(await later(() => resource.runInAsyncScope(() => context.get('requestId')))).toBe(7);
  });
});

describe('AsyncResource: bind', () => {
  itNeeds('asyncResource', 'binds fn to the resource; without thisArg the call\'s own this is used', () => {
    const variable = new Variable<string>();
    const resource = variable.run('bound', () => new AsyncResource('Job'));
    const bound = resource.bind(function (this: unknown, x: number) {
      return [variable.get(), this, x];
    });
    const receiver = { name: 'receiver' };
    expect(bound.call(receiver, 3)).toEqual(['bound', receiver, 3]);
    expect(bound.length).toBe(1);
    expect(bound.asyncResource).toBe(resource);
  });

  itNeeds('asyncResource', 'with thisArg, this is always thisArg', () => {
    const self = { fixed: true };
    const bound = new AsyncResource('Job').bind(function (this: unknown) {
      return this;
    }, self);
    expect(bound.call({ other: true })).toBe(self);
  });

  itNeeds('asyncResource', 'static bind binds to a new resource made now', async () => {
    const variable = new Variable<string>();
    const bound = variable.run('now', () => AsyncResource.bind(() => variable.get()));
    expect(await later(bound)).toBe('now');
    expect(bound.asyncResource).toBeInstanceOf(AsyncResource);
  });

  itNeeds('asyncResource', 'static bind passes thisArg', () => {
    const self = {};
    const bound = AsyncResource.bind(function (this: unknown) {
      return this;
    }, 'Job', self);
    expect(bound()).toBe(self);
  });
});

describe('AsyncResource: ids, destroy and subclasses', () => {
  itNeeds(['asyncResource', 'asyncIds'], 'asyncId is a distinct integer per resource; triggerAsyncId follows the option', () => {
    const a = new AsyncResource('A');
    const b = new AsyncResource('B', { triggerAsyncId: a.asyncId() });
    expect(Number.isSafeInteger(a.asyncId())).toBe(true);
    expect(b.asyncId()).not.toBe(a.asyncId());
    expect(b.triggerAsyncId()).toBe(a.asyncId());
    expect(new AsyncResource('C', a.asyncId()).triggerAsyncId()).toBe(a.asyncId());
    expect(Number.isSafeInteger(new AsyncResource('D').triggerAsyncId())).toBe(true);
  });

  itNeeds('asyncResource', 'emitDestroy returns the resource', () => {
    const resource = new AsyncResource('Job', { requireManualDestroy: true });
    expect(resource.emitDestroy()).toBe(resource);
  });

  itNeeds('asyncResource', 'a subclass (the usual way libraries use it) runs its callbacks in the creator\'s frame', async () => {
    const variable = new Variable<string>();
    class Job extends AsyncResource {
      constructor(readonly work: () => string) {
        super('Job');
      }
      done(): string {
        return this.runInAsyncScope(this.work);
      }
    }
    const job = variable.run('caller', () => new Job(() => variable.get() ?? 'none'));
    expect(await later(() => job.done())).toBe('caller');
  });
});

describe('AsyncResource: bad input', () => {
  itNeeds('asyncResource', 'type must be a string (TypeError)', () => {
    for (const type of [undefined, 1, null, {}]) {
      expect(thrown(() => new AsyncResource(type as unknown as string))).toBeInstanceOf(TypeError);
    }
  });

  itNeeds('asyncResource', 'triggerAsyncId must be an integer >= -1 (RangeError)', () => {
    for (const triggerAsyncId of [-2, 1.5, Number.NaN]) {
      expect(thrown(() => new AsyncResource('Job', { triggerAsyncId }))).toBeInstanceOf(RangeError);
    }
    expect(thrown(() => new AsyncResource('Job', -5))).toBeInstanceOf(RangeError);
  });

  itNeeds('asyncResource', 'bind and runInAsyncScope need a function (TypeError)', () => {
    const resource = new AsyncResource('Job');
    expect(thrown(() => resource.bind(5 as unknown as () => void))).toBeInstanceOf(TypeError);
    expect(thrown(() => resource.runInAsyncScope(5 as unknown as () => void))).toBeInstanceOf(TypeError);
  });

  itNeeds('asyncResource', 'methods called on something else throw a TypeError', () => {
    const { asyncId } = AsyncResource.prototype;
    expect(thrown(() => asyncId.call({}))).toBeInstanceOf(TypeError);
  });
});
