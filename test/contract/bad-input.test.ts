// Bad input: every public function checks its arguments and throws a TypeError whose
// message names the function, and no bad call changes the current frame.
import { describe, expect, it } from 'vitest';
import { AsyncContext, AsyncLocalStorage, Context, runTask, Snapshot, Variable } from '../../src/index.js';
import { thrown } from './helpers.js';

const variable = new Variable<string>({ name: 'v' });
const storage = new AsyncLocalStorage<string>();
const context = new Context();
const other = new Context();
const nested = { deep: true };

/** Everything a caller could observe of the current frame. */
function observeFrame(): unknown[] {
  return [variable.get(), storage.getStore(), context.toObject(), other.toObject(), context.get('nested') === nested];
}

/**
 * Calls `call` inside a known frame (a task with two contexts set, a Variable and a
 * store), expects it to throw `type` with a message matching `message`, and checks the
 * frame is exactly what it was, still a task that can be written.
 */
function expectThrowLeavesFrame(call: () => unknown, type: new (...args: never[]) => Error, message?: RegExp): void {
  context.run({ a: 1, nested }, () => {
    other.set('b', 2);
    variable.run('value', () =>
      storage.run('store', () => {
        const before = observeFrame();
        const error = thrown(call);
        expect(error).toBeInstanceOf(type);
        if (message) expect((error as Error).message).toMatch(message);
        expect(observeFrame()).toEqual(before);
        expect(observeFrame()).toEqual(['value', 'store', { a: 1, nested }, { b: 2 }, true]);
        context.set('probe', true); // still inside the task
        expect(context.get('probe')).toBe(true);
      }),
    );
  });
}

const notCallable: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a number', 42],
  ['a string', 'fn'],
  ['an object', {}],
  ['a symbol', Symbol('fn')],
];

describe('a non-callable callback is a TypeError naming the function', () => {
  const takesCallback: Array<[string, RegExp, (f: never) => unknown]> = [
    ['Variable#run', /Variable\.run/, (f) => variable.run('x', f)],
    ['Snapshot#run', /Snapshot\.run/, (f) => new Snapshot().run(f)],
    ['Snapshot.wrap', /Snapshot\.wrap/, (f) => Snapshot.wrap(f)],
    ['AsyncLocalStorage#run', /AsyncLocalStorage\.run/, (f) => storage.run('x', f)],
    ['AsyncLocalStorage#exit', /AsyncLocalStorage\.exit/, (f) => storage.exit(f)],
    ['AsyncLocalStorage.snapshot() runner', /AsyncLocalStorage\.snapshot/, (f) => AsyncLocalStorage.snapshot()(f)],
    ['Context#run', /Context\.run/, (f) => context.run({ a: 2 }, f)],
    ['Context#forEach', /Context\.forEach/, (f) => context.forEach(f)],
    ['runTask', /runTask/, (f) => runTask(f)],
  ];

  for (const [label, name, call] of takesCallback) {
    for (const [what, value] of notCallable) {
      it(`${label} given ${what}`, () => {
        expectThrowLeavesFrame(() => call(value as never), TypeError, name);
        expect((thrown(() => call(value as never)) as Error).message).toMatch(/function/);
      });
    }
  }

  // Node's API checks its arguments as Node does: Node's code and message (which names the argument, not the function).
  for (const [what, value] of notCallable) {
    it(`AsyncLocalStorage.bind given ${what}: Node's ERR_INVALID_ARG_TYPE`, () => {
      expectThrowLeavesFrame(() => AsyncLocalStorage.bind(value as never), TypeError, /^The "fn" argument must be of type function\. Received /);
      expect((thrown(() => AsyncLocalStorage.bind(value as never)) as { code?: unknown }).code).toBe('ERR_INVALID_ARG_TYPE');
    });
  }

  it('a rejected AsyncLocalStorage.run does not re-enable a disabled storage', () => {
    const disabled = new AsyncLocalStorage<string>({ defaultValue: 'default' });
    disabled.run('store', () => {
      disabled.disable();
      expect(() => disabled.run('x', 42 as never)).toThrow(TypeError);
      expect(disabled.getStore()).toBe('default');
    });
  });
});

describe('constructors need new', () => {
  const constructors: Array<[string, unknown]> = [
    ['AsyncContext.Variable', Variable],
    ['AsyncContext.Snapshot', Snapshot],
    ['Context', Context],
    ['AsyncLocalStorage', AsyncLocalStorage],
  ];
  for (const [name, constructor] of constructors) {
    it(`${name}() without new throws a TypeError`, () => {
      expectThrowLeavesFrame(() => (constructor as () => unknown)(), TypeError);
    });
  }

  it('AsyncContext namespace members are the same constructors', () => {
    expect(AsyncContext.Variable).toBe(Variable);
    expect(AsyncContext.Snapshot).toBe(Snapshot);
  });
});

describe('a wrong receiver is a TypeError', () => {
  const getter = (proto: object, key: string) => Object.getOwnPropertyDescriptor(proto, key)!.get!;
  // Receivers of the wrong kind: a plain object, undefined, and an instance of a sibling class.
  const calls: Array<[string, RegExp, (receiver: unknown) => unknown, unknown[]]> = [
    ['Variable#get', /Variable\.get: the receiver is not a Variable/, (r) => Variable.prototype.get.call(r as never), [{}, undefined, null, new Snapshot(), context, storage]],
    ['Variable#run', /Variable\.run: the receiver is not a Variable/, (r) => Variable.prototype.run.call(r as never, 1, () => 1), [{}, undefined, new Snapshot()]],
    ['Variable#name', /Variable\.name: the receiver is not a Variable/, (r) => getter(Variable.prototype, 'name').call(r), [{}, storage]],
    ['Snapshot#run', /Snapshot\.run: the receiver is not a Snapshot/, (r) => Snapshot.prototype.run.call(r as never, () => 1), [{}, undefined, variable]],
    ['Context#get', /Context\.get/, (r) => (Context.prototype.get as (key: string) => unknown).call(r, 'a'), [{}, undefined, variable]],
    ['Context#set', /Context\.set/, (r) => Context.prototype.set.call(r as never, 'a', 1), [{}, variable, new Map()]],
    ['Context#has', /Context\.has/, (r) => Context.prototype.has.call(r as never, 'a'), [{}, new Map()]],
    ['Context#delete', /Context\.delete/, (r) => Context.prototype.delete.call(r as never, 'a'), [{}, new Map()]],
    ['Context#clear', /Context\.clear/, (r) => Context.prototype.clear.call(r as never), [{}, new Map()]],
    ['Context#update', /Context\.update/, (r) => Context.prototype.update.call(r as never, { a: 1 }), [{}]],
    ['Context#setDefault', /Context\.setDefault/, (r) => Context.prototype.setDefault.call(r as never, 'a', 1), [{}]],
    ['Context#pop', /Context\.pop/, (r) => (Context.prototype.pop as (key: string) => unknown).call(r, 'a'), [{}]],
    ['Context#keys', /Context\.keys/, (r) => Context.prototype.keys.call(r as never), [{}, new Map()]],
    ['Context#values', /Context\.values/, (r) => Context.prototype.values.call(r as never), [{}]],
    ['Context#entries', /Context\.entries/, (r) => Context.prototype.entries.call(r as never), [{}]],
    ['Context#forEach', /Context\.forEach/, (r) => Context.prototype.forEach.call(r as never, () => {}), [{}]],
    ['Context#toObject', /Context\.toObject/, (r) => Context.prototype.toObject.call(r as never), [{}]],
    ['Context#run', /Context\.run/, (r) => Context.prototype.run.call(r as never, {}, () => 1), [{}, variable]],
    ['Context#attach', /Context\.attach/, (r) => Context.prototype.attach.call(r as never), [{}]],
    ['Context#detach', /Context\.detach/, (r) => Context.prototype.detach.call(r as never), [{}]],
    ['Context#size', /Context\.size/, (r) => getter(Context.prototype, 'size').call(r), [{}, new Map()]],
    ['Context#name', /Context\.name/, (r) => getter(Context.prototype, 'name').call(r), [{}]],
    ['Context#attached', /Context\.attached/, (r) => getter(Context.prototype, 'attached').call(r), [{}]],
    ['AsyncLocalStorage#getStore', /AsyncLocalStorage\.getStore/, (r) => AsyncLocalStorage.prototype.getStore.call(r as never), [{}, variable]],
    ['AsyncLocalStorage#run', /AsyncLocalStorage\.run/, (r) => AsyncLocalStorage.prototype.run.call(r as never, 1, () => 1), [{}]],
    ['AsyncLocalStorage#exit', /AsyncLocalStorage\.exit/, (r) => AsyncLocalStorage.prototype.exit.call(r as never, () => 1), [{}]],
    ['AsyncLocalStorage#enterWith', /AsyncLocalStorage\.enterWith/, (r) => AsyncLocalStorage.prototype.enterWith.call(r as never, 1), [{}, context]],
    ['AsyncLocalStorage#disable', /AsyncLocalStorage\.disable/, (r) => AsyncLocalStorage.prototype.disable.call(r as never), [{}]],
    ['AsyncLocalStorage#name', /AsyncLocalStorage\.name/, (r) => getter(AsyncLocalStorage.prototype, 'name').call(r), [{}]],
  ];

  for (const [label, name, call, receivers] of calls) {
    it(label, () => {
      for (const receiver of receivers) expectThrowLeavesFrame(() => call(receiver), TypeError, name);
    });
  }

  it('Context methods do not write through a Map or a foreign object passed as this', () => {
    const map = new Map<string, unknown>();
    expect(() => Context.prototype.set.call(map as never, 'a', 1)).toThrow(TypeError);
    expect(map.size).toBe(0);
  });
});

describe('Context keys must be strings', () => {
  const badKeys: Array<[string, unknown]> = [
    ['a number', 1],
    ['a symbol', Symbol('key')],
    ['null', null],
    ['undefined', undefined],
    ['an object', {}],
    ['an array', ['a']],
  ];
  const keyed: Array<[string, (key: never) => unknown]> = [
    ['get', (k) => context.get(k)],
    ['has', (k) => context.has(k)],
    ['set', (k) => context.set(k, 'x')],
    ['delete', (k) => context.delete(k)],
    ['setDefault', (k) => context.setDefault(k, 'x')],
    ['pop', (k) => context.pop(k, 'x')],
  ];

  for (const [method, call] of keyed) {
    for (const [what, key] of badKeys) {
      it(`Context#${method} given ${what}`, () => {
        expectThrowLeavesFrame(() => call(key as never), TypeError, new RegExp(`Context\\.${method}.*string`));
      });
    }
  }

  it('a non-string key is not confused with its string form', () => {
    context.run({ '1': 'one' }, () => {
      expect(() => context.get(1 as never)).toThrow(TypeError);
      expect(context.get('1')).toBe('one');
    });
  });
});

describe('Context values for update and run', () => {
  const badValues: Array<[string, unknown]> = [
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ab'],
    ['a boolean', true],
    ['pairs with a number key', [[1, 'x']]],
    ['a Map with a number key', new Map([[1, 'x']])],
    ['pairs with a symbol key after a good pair', [['good', 1], [Symbol('k'), 2]]],
    ['an array of non-pairs', [1, 2]],
    ['an array with a null pair', [null]],
    ['an array of strings', ['ab']],
  ];

  for (const [what, values] of badValues) {
    it(`update(${what}) is a TypeError and writes nothing`, () => {
      expectThrowLeavesFrame(() => context.update(values as never), TypeError, /Context\.update/);
    });

    it(`run(${what}, fn) is a TypeError and never calls fn`, () => {
      let called = false;
      expectThrowLeavesFrame(
        () =>
          context.run(values as never, () => {
            called = true;
          }),
        TypeError,
        /Context\.run/,
      );
      expect(called).toBe(false);
    });
  }

  it('an object gives the keys Object.keys lists: own, enumerable, strings (a symbol-keyed property is not a key)', () => {
    const hidden = Symbol('hidden');
    const inherited = Object.create({ fromProto: 1 }) as Record<string, unknown>;
    inherited.own = 2;
    Object.defineProperty(inherited, 'quiet', { value: 3, enumerable: false });
    context.run({ a: 1, [hidden]: 2 } as never, () => {
      expect([...context.keys()]).toEqual(['a']);
      context.update(inherited as never);
      expect([...context.keys()]).toEqual(['a', 'own']);
    });
  });

  it('a getter that throws in update\'s values writes nothing', () => {
    const error = new Error('getter');
    const values = {
      first: 'written?',
      get second(): string {
        throw error;
      },
    };
    expectThrowLeavesFrame(() => context.update(values), Error);
  });

  it('an iterable that throws midway writes nothing', () => {
    function* pairs(): Generator<[string, unknown]> {
      yield ['first', 'written?'];
      throw new Error('midway');
    }
    expectThrowLeavesFrame(() => context.update(pairs()), Error, /midway/);
  });
});

describe('constructor options', () => {
  const badContextOptions: Array<[string, unknown]> = [
    ['a number', 5],
    ['a string', 'name'],
    ['null', null],
    ['true', true],
  ];
  for (const [what, options] of badContextOptions) {
    it(`new Context(${what}) is a TypeError`, () => {
      expectThrowLeavesFrame(() => new Context(options as never), TypeError, /Context/);
    });
  }

  const badOptionValues: Array<[string, string, unknown]> = [
    ['copy', '1', { copy: 1 }],
    ['copy', '{}', { copy: {} }],
    ['copy', '"structuredClone"', { copy: 'structuredClone' }],
    ['name', '5', { name: 5 }],
    ['name', '{}', { name: {} }],
  ];
  for (const [option, shown, options] of badOptionValues) {
    it(`new Context({ ${option}: ${shown} }) is a TypeError naming the option`, () => {
      expectThrowLeavesFrame(() => new Context(options as never), TypeError, new RegExp(`options\\.${option}`));
    });
  }

  it('new Context() and new Context({}) are fine', () => {
    expect(new Context().name).toBe('');
    expect(new Context({}).name).toBe('');
  });

  const badStorageOptions: Array<[string, unknown]> = [
    ['null', null],
    ['a number', 5],
    ['a string', 'name'],
  ];
  for (const [what, options] of badStorageOptions) {
    it(`new AsyncLocalStorage(${what}) is Node's TypeError ERR_INVALID_ARG_TYPE`, () => {
      expectThrowLeavesFrame(() => new AsyncLocalStorage(options as never), TypeError, /^The "options" argument must be of type object\. Received /);
      expect((thrown(() => new AsyncLocalStorage(options as never)) as { code?: unknown }).code).toBe('ERR_INVALID_ARG_TYPE');
    });
  }
});

describe('a copy function that throws', () => {
  // The copy runs while a task starts; if it throws, no task starts and nothing changes.
  const error = new Error('cannot copy');
  const fragile = new Context({
    copy: () => {
      throw error;
    },
  });

  function expectNoTaskStarted(start: (fn: () => void) => unknown): void {
    let called = false;
    fragile.run({ value: 1 }, () =>
      variable.run('value', () => {
        expect(() =>
          start(() => {
            called = true;
          }),
        ).toThrow(error);
        expect([variable.get(), fragile.toObject()]).toEqual(['value', { value: 1 }]);
        fragile.set('probe', true); // still inside the same task
        expect(fragile.get('probe')).toBe(true);
      }),
    );
    expect(called).toBe(false);
  }

  it('makes runTask throw without calling fn', () => {
    expectNoTaskStarted((fn) => runTask(fn));
  });

  it('makes another context\'s run throw without calling fn', () => {
    expectNoTaskStarted((fn) => other.run({}, fn));
  });

  it('makes its own nested run throw without calling fn', () => {
    expectNoTaskStarted((fn) => fragile.run({}, fn));
  });
});
