// The frame's same-value shortcut (as Node's run skips a store that is already
// current): a nested run with the value its key already has allocates nothing.
import { describe, expect, it } from 'vitest';
import { Frame } from '../../src/core/frame.js';

describe('Frame.with', () => {
  const key = {};
  const other = {};

  it('is the frame itself when the key already has that value, newest entry or older', () => {
    const one = Frame.EMPTY.with(key, 1);
    expect(one.with(key, 1)).toBe(one);
    const both = one.with(other, 'x');
    expect(both.with(key, 1)).toBe(both);
    expect(both.with(other, 'x')).toBe(both);
  });

  it('makes a new frame for another value, -0 for +0 and NaN included, and reads it back', () => {
    const zero = Frame.EMPTY.with(key, 0);
    const negative = zero.with(key, -0);
    expect(negative).not.toBe(zero);
    expect(Object.is(negative.read(key, undefined), -0)).toBe(true);
    const nan = Frame.EMPTY.with(key, NaN);
    expect(Number.isNaN(nan.with(key, NaN).read(key, undefined))).toBe(true);
    expect(zero.with(key, 2).read(key, undefined)).toBe(2);
  });
});
