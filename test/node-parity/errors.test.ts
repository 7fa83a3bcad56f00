// Argument errors as Node reports them: the error class, Node's `code`, and
// Node's message, word for word (a program may match on any of the three).
// From test-async-local-storage-bind, test-asyncresource-bind,
// test-async-hooks-asyncresource-constructor, test-embedder.api.async-resource-no-type
// and test-als-defaultvalue.
import { createHook, executionAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { itNeeds } from './capabilities.js';
import { thrownBy, type Thrown } from './helpers.js';
import { AsyncLocalStorage, AsyncResource } from './subject.js';

/** Node's ERR_INVALID_ARG_TYPE for argument `name`, which must be of `type`, given a value Node describes as `received`. */
function invalidArgType(name: string, type: string, received: string): Thrown {
  return { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: `The "${name}" argument must be of type ${type}. Received ${received}` };
}

/** The values Node's bind tests pass instead of a function, and how Node's messages describe each. */
const notFunctions: Array<[unknown, string]> = [
  [1, 'type number (1)'],
  [false, 'type boolean (false)'],
  ['', "type string ('')"],
  [{}, 'an instance of Object'],
  [[], 'an instance of Array'],
];

/** The values Node's AsyncResource tests pass instead of a type string. */
const notStrings: Array<[unknown, string]> = [
  [undefined, 'undefined'],
  [null, 'null'],
  [1, 'type number (1)'],
  [Date, 'function Date'],
  [{}, 'an instance of Object'],
  [[], 'an instance of Array'],
];

type AnyFn = (...args: never[]) => unknown;

/** toEqual, with what was thrown spelled out in the failure (the runner's report abbreviates nested objects). */
function expectThrown(actual: unknown, expected: unknown): void {
  expect(actual, `thrown: ${JSON.stringify(actual)}`).toEqual(expected);
}

describe('bind given something other than a function: TypeError ERR_INVALID_ARG_TYPE', () => {
  const cases: Array<[string, (value: unknown) => unknown]> = [
    ['AsyncLocalStorage.bind(value)', (value) => AsyncLocalStorage.bind(value as AnyFn)],
    ['AsyncResource.bind(value)', (value) => AsyncResource.bind(value as AnyFn)],
    ['resource.bind(value)', (value) => new AsyncResource('node-parity').bind(value as AnyFn)],
  ];
  for (const [label, call] of cases) {
    it(`${label}, for 1, false, '', {} and []`, () => {
      expectThrown(
        notFunctions.map(([value]) => thrownBy(() => call(value))),
        notFunctions.map(([, received]) => invalidArgType('fn', 'function', received)),
      );
    });
  }
});

describe('new AsyncResource with a bad type or trigger id', () => {
  it('a type that is not a string: TypeError ERR_INVALID_ARG_TYPE', () => {
    const New = AsyncResource as unknown as new (type: unknown) => unknown;
    expectThrown(
      notStrings.map(([value]) => thrownBy(() => new New(value))),
      notStrings.map(([, received]) => invalidArgType('type', 'string', received)),
    );
  });

  it('the same through a subclass, with an init hook enabled', () => {
    class Job extends AsyncResource {
      constructor(type: unknown) {
        super(type as string, executionAsyncId());
      }
    }
    const hook = createHook({ init() {} }).enable();
    let thrown: Array<Thrown | 'returned'>;
    try {
      thrown = notStrings.map(([value]) => thrownBy(() => new Job(value)));
    } finally {
      hook.disable();
    }
    expectThrown(thrown, notStrings.map(([, received]) => invalidArgType('type', 'string', received)));
  });

  it('a trigger id that is not an integer >= -1 (as a number or an option): RangeError ERR_INVALID_ASYNC_ID', () => {
    const triggers = [-4, Math.PI, -2, 1.5];
    const invalid = (value: number): Thrown => ({ name: 'RangeError', code: 'ERR_INVALID_ASYNC_ID', message: `Invalid triggerAsyncId value: ${value}` });
    expectThrown(triggers.map((value) => thrownBy(() => new AsyncResource('type', value))), triggers.map(invalid));
    expectThrown(triggers.map((value) => thrownBy(() => new AsyncResource('type', { triggerAsyncId: value }))), triggers.map(invalid));
  });

  itNeeds('emptyTypeCheck', 'an empty type while an init hook is enabled: TypeError ERR_ASYNC_TYPE', () => {
    const hook = createHook({ init() {} }).enable();
    let thrown: Thrown | 'returned';
    try {
      thrown = thrownBy(() => new AsyncResource(''));
    } finally {
      hook.disable();
    }
    expectThrown(thrown, { name: 'TypeError', code: 'ERR_ASYNC_TYPE', message: 'Invalid name for async "type": ' });
  });
});

describe('new AsyncLocalStorage(options)', () => {
  it('null as options: TypeError ERR_INVALID_ARG_TYPE', () => {
    const New = AsyncLocalStorage as unknown as new (options: unknown) => unknown;
    expectThrown(thrownBy(() => new New(null)), invalidArgType('options', 'object', 'null'));
  });
});
