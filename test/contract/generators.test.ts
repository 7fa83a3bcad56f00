// The proposal's generator rule (semantics.md): a generator's body, and an
// async generator's, runs in the frame where the generator object was
// created, whoever calls next() and whatever frame a `run` inside the body
// sets around a `yield`. No runtime does this by itself (AsyncLocalStorage
// and the patch layer run the body in the caller of next()): it takes the
// await plugin's generator rewrite (issue 13). These tests are what that
// rewrite must satisfy; a build that has it defines __TASKCONTEXT_GENERATORS__
// as true, everything else skips them with the gap named.
import { describe, expect, it } from 'vitest';
import { Snapshot, Variable } from '../../src/index.js';
import { tick } from './helpers.js';

declare const __TASKCONTEXT_GENERATORS__: boolean | undefined;
const generatorsCarry = typeof __TASKCONTEXT_GENERATORS__ !== 'undefined' && __TASKCONTEXT_GENERATORS__ === true;

/**
 * A test of the generator rule, registered in builds with the rewrite (the
 * browser bundles, the patch layer under happy-dom). Elsewhere (servers run
 * the sources as written) the test below states what the platform does instead.
 */
function itGenerators(name: string, fn: () => unknown): void {
  if (generatorsCarry) it(name, fn);
}

/** Their suites, likewise only where the rewrite is (an empty suite is an error to the runners). */
const describeGenerators = generatorsCarry ? describe : (_name: string, _body: () => void): void => {};

if (!generatorsCarry) {
  describe('generators as written (no rewrite): the documented limit', () => {
    it('a generator body runs in the frame of whoever calls next(), as the platform runs it', () => {
      const v = new Variable<string>();
      function* gen(): Generator<string | undefined, void> {
        yield v.get();
        yield v.get();
      }
      const g = v.run('created', () => gen());
      expect([v.run('first next', () => g.next().value), v.run('second next', () => g.next().value)]).toEqual(['first next', 'second next']);
    });
  });
}

describeGenerators('generators run in the frame of their creation', () => {
  itGenerators('every step sees the value at creation, not the caller of next()', () => {
    const v = new Variable<string>();
    const seen: Array<string | undefined> = [];
    function* gen(): Generator<undefined, void> {
      seen.push(v.get());
      yield;
      seen.push(v.get());
    }
    const g = v.run('created', () => gen());
    v.run('first next', () => g.next());
    v.run('second next', () => g.next());
    expect(seen).toEqual(['created', 'created']);
  });

  itGenerators('a generator created outside any run sees the default, even when next() is called inside one', () => {
    const v = new Variable<string>({ defaultValue: 'default' });
    function* gen(): Generator<string | undefined, void> {
      yield v.get();
    }
    const g = gen();
    expect(v.run('caller', () => g.next().value)).toBe('default');
  });

  itGenerators('a run inside the body around a yield: the caller of next() keeps its own frame, the body is back in its frame after', () => {
    const v = new Variable<string>();
    const seen: Array<string | undefined> = [];
    function* gen(): Generator<undefined, void> {
      seen.push(v.get());
      yield* v.run('inside', function* () {
        seen.push(v.get());
        yield;
        seen.push(v.get());
      });
      seen.push(v.get());
    }
    const g = v.run('created', () => gen());
    v.run('first', () => {
      g.next();
      // The body's run is suspended at the yield: the caller sees its own value.
      seen.push(`caller:${v.get()}`);
    });
    v.run('second', () => g.next());
    expect(seen).toEqual(['created', 'inside', 'caller:first', 'inside', 'created']);
  });

  itGenerators('the frame after next() returns or throws is the caller\'s', () => {
    const v = new Variable<string>();
    function* gen(): Generator<undefined, void> {
      yield;
      throw new Error('boom');
    }
    const g = v.run('created', () => gen());
    v.run('caller', () => {
      g.next();
      expect(v.get()).toBe('caller');
      expect(() => g.next()).toThrow('boom');
      expect(v.get()).toBe('caller');
    });
  });

  itGenerators('a Snapshot taken in the body captures the creation frame', () => {
    const v = new Variable<string>();
    function* gen(): Generator<Snapshot, void> {
      yield new Snapshot();
    }
    const g = v.run('created', () => gen());
    const snapshot = v.run('caller', () => g.next().value as Snapshot);
    expect(snapshot.run(() => v.get())).toBe('created');
  });
});

describeGenerators('async generators run in the frame of their creation', () => {
  itGenerators('before and after each await and yield', async () => {
    const v = new Variable<string>();
    const seen: Array<string | undefined> = [];
    async function* gen(): AsyncGenerator<undefined, void> {
      seen.push(v.get());
      await tick();
      seen.push(v.get());
      yield;
      seen.push(v.get());
      await Promise.resolve();
      seen.push(v.get());
    }
    const g = v.run('created', () => gen());
    await v.run('first', async () => {
      await g.next();
    });
    await v.run('second', async () => {
      await g.next();
    });
    expect(seen).toEqual(['created', 'created', 'created', 'created']);
  });

  itGenerators('for await over an async generator made in another frame', async () => {
    const v = new Variable<string>();
    async function* gen(): AsyncGenerator<string | undefined, void> {
      yield v.get();
      await tick();
      yield v.get();
    }
    const g = v.run('created', () => gen());
    const seen: Array<string | undefined> = [];
    await v.run('loop', async () => {
      for await (const value of g) {
        seen.push(value);
        seen.push(v.get());
      }
    });
    expect(seen).toEqual(['created', 'loop', 'created', 'loop']);
  });
});
