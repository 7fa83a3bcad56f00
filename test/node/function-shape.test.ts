// copyNameAndLength gives a wrapper its target's length as the proposal's
// CopyNameAndLength does (ToIntegerOrInfinity, at least 0): Snapshot.wrap,
// AsyncLocalStorage.bind and every replaced platform function rely on it.
import { describe, expect, it } from 'vitest';
import { copyNameAndLength } from '../../src/core/function-shape.js';

/** A function whose own `length` is `length`; with `own` false, it has none and inherits `length` instead. */
function withLength(length: unknown, own = true): () => void {
  const fn = (): void => {};
  if (own) return Object.defineProperty(fn, 'length', { value: length });
  delete (fn as { length?: number }).length;
  const proto: object = Object.create(Function.prototype);
  Object.defineProperty(proto, 'length', { value: length });
  return Object.setPrototypeOf(fn, proto) as () => void;
}

const lengthOf = (target: object): number => copyNameAndLength(() => {}, target).length;

describe('copyNameAndLength: length', () => {
  it('keeps whole lengths, truncates fractions toward zero', () => {
    expect(lengthOf(withLength(3))).toBe(3);
    expect(lengthOf(withLength(2.7))).toBe(2);
  });

  it('gives 0 for negatives, NaN, -Infinity and -0, and keeps Infinity', () => {
    for (const length of [-3, -0.5, NaN, -Infinity]) expect(Object.is(lengthOf(withLength(length)), 0), String(length)).toBe(true);
    expect(Object.is(lengthOf(withLength(-0)), 0)).toBe(true);
    expect(lengthOf(withLength(Infinity))).toBe(Infinity);
  });

  it('gives 0 for a length that is not a number, or not the target\'s own', () => {
    expect(lengthOf(withLength('3'))).toBe(0);
    expect(lengthOf(withLength(5, false))).toBe(0);
  });
});
