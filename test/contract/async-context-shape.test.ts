// The proposal's shape where a user can observe it beyond plain `new`:
// Reflect.construct with an odd newTarget, and the AsyncContext namespace's
// property attributes (as the proposal's global object has them).
import { describe, expect, it } from 'vitest';
import { AsyncContext, Snapshot, Variable } from '../../src/index.js';
import { itNeeds } from './capabilities.js';

const notObjects: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['a boolean', true],
  ['a string', ''],
  ['a symbol', Symbol('proto')],
  ['a number', 1],
];

describe.each([
  ['Variable', Variable],
  ['Snapshot', Snapshot],
] as const)('Reflect.construct(%s, [], newTarget)', (_name, Class) => {
  // The legacy bundle's lowered classes check `this instanceof` the class first, which such an
  // instance is not where the engine follows the spec (QuickJS; Hermes 0.12 gives the class prototype).
  for (const [what, prototype] of notObjects) {
    itNeeds('newTargetFallback', `newTarget.prototype is ${what}: the instance gets the class prototype, and works`, () => {
      function NewTarget(): void {}
      NewTarget.prototype = prototype;
      const instance = Reflect.construct(Class, [], NewTarget) as object;
      expect(Object.getPrototypeOf(instance)).toBe(Class.prototype);
      if (instance instanceof Variable) expect(instance.get()).toBeUndefined();
      else expect((instance as Snapshot).run(() => 'ran')).toBe('ran');
    });
  }

  // Babel's lowered classes (Metro's, for Hermes 0.12) refuse an instance of another prototype.
  itNeeds('functionShapes', 'newTarget.prototype an object (a function too): that object is the prototype', () => {
    const proto = {};
    function NewTarget(): void {}
    NewTarget.prototype = proto;
    expect(Object.getPrototypeOf(Reflect.construct(Class, [], NewTarget))).toBe(proto);
    const fnProto = function (): void {};
    NewTarget.prototype = fnProto;
    expect(Object.getPrototypeOf(Reflect.construct(Class, [], NewTarget))).toBe(fnProto);
  });

  it('a throwing prototype getter propagates, read once', () => {
    let reads = 0;
    const NewTarget = function (): void {}.bind(null);
    Object.defineProperty(NewTarget, 'prototype', {
      get() {
        reads++;
        throw new RangeError('no prototype');
      },
    });
    expect(() => Reflect.construct(Class, [], NewTarget)).toThrow(RangeError);
    expect(reads).toBe(1);
  });

  it('a subclass keeps its own prototype', () => {
    const Sub = class extends (Class as new () => object) {};
    expect(Object.getPrototypeOf(new Sub())).toBe(Sub.prototype);
  });
});

describe('the AsyncContext namespace', () => {
  it('Variable and Snapshot are writable, configurable and not enumerable, as built-in properties are', () => {
    for (const key of ['Variable', 'Snapshot'] as const) {
      expect(Object.getOwnPropertyDescriptor(AsyncContext, key)).toEqual({
        value: key === 'Variable' ? Variable : Snapshot,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    }
    expect(Object.keys(AsyncContext)).toEqual([]);
  });

  it("@@toStringTag is 'AsyncContext': not writable, not enumerable, configurable", () => {
    expect(Object.getOwnPropertyDescriptor(AsyncContext, Symbol.toStringTag)).toEqual({
      value: 'AsyncContext',
      writable: false,
      enumerable: false,
      configurable: true,
    });
    expect(String(AsyncContext)).toBe('[object AsyncContext]');
  });

  it('is a plain object: neither callable nor constructible', () => {
    expect(typeof AsyncContext).toBe('object');
    expect(Object.getPrototypeOf(AsyncContext)).toBe(Object.prototype);
  });

  it("the constructors' own properties are as the proposal's: prototype fixed, name and length configurable", () => {
    for (const [Class, name, length] of [
      [Variable, 'Variable', 1],
      [Snapshot, 'Snapshot', 0],
    ] as const) {
      expect(Object.getOwnPropertyDescriptor(Class, 'prototype')).toMatchObject({ writable: false, enumerable: false, configurable: false });
      expect(Object.getOwnPropertyDescriptor(Class, 'name')).toEqual({ value: name, writable: false, enumerable: false, configurable: true });
      expect(Object.getOwnPropertyDescriptor(Class, 'length')).toEqual({ value: length, writable: false, enumerable: false, configurable: true });
      expect(Object.getOwnPropertyDescriptor(Class.prototype, 'constructor')).toEqual({ value: Class, writable: true, enumerable: false, configurable: true });
    }
  });
});
