import { describe, expect, it } from 'vitest';
import { judgePaired, MIN_PAIRS, t95 } from '../../bench/judge.js';

// bench/compare.ts calls a row ok, slower or unresolved from paired samples:
// these pin what a row's verdict rests on.
describe('bench/judge.ts', () => {
  const around = (centre: number, n: number, spread: number): number[] => Array.from({ length: n }, (_, i) => centre * (1 + spread * Math.sin(i * 2.1)));

  it('calls equal builds ok, with the interval around 1', () => {
    const theirs = around(40, 30, 0.3);
    const judgement = judgePaired(theirs.map((t, i) => t * (1 + 0.01 * Math.cos(i))), theirs, 1.03)!;
    expect(judgement.verdict).toBe('ok');
    expect(judgement.low).toBeLessThan(1);
    expect(judgement.high).toBeGreaterThan(1);
    expect(judgement.pairs).toBe(30);
  });

  it('calls a build 20% slower in every pair slower, and its ratio 1.2', () => {
    const theirs = around(40, 12, 0.3);
    const judgement = judgePaired(theirs.map((t, i) => t * 1.2 * (1 + 0.02 * Math.cos(i))), theirs, 1.03)!;
    expect(judgement.verdict).toBe('slower');
    expect(judgement.ratio).toBeCloseTo(1.2, 1);
  });

  it('leaves a row unresolved when its pairs spread over the limit, or when they are too few', () => {
    const theirs = around(40, 10, 0.1);
    const noisy = theirs.map((t, i) => t * (i % 2 ? 1.4 : 0.75));
    expect(judgePaired(noisy, theirs, 1.03)!.verdict).toBe('unresolved');
    const few = theirs.slice(0, MIN_PAIRS - 1);
    expect(judgePaired(few.map((t) => t * 0.5), few, 1.03)!.verdict).toBe('unresolved');
  });

  it('gives no judgement without pairs, and leaves out pairs without a positive time', () => {
    expect(judgePaired([], [], 1.03)).toBeUndefined();
    expect(judgePaired([1, 2], [1], 1.03)).toBeUndefined();
    expect(judgePaired([10, 0, 10, 10, 10], [10, 10, Number.NaN, 10, 10], 1.03)!.pairs).toBe(3);
  });

  it("uses Student's t for the interval", () => {
    expect(t95(1)).toBeCloseTo(12.706, 3);
    expect(t95(10)).toBeCloseTo(2.228, 3);
    expect(t95(20)).toBeCloseTo(2.086, 2);
    expect(t95(60)).toBeCloseTo(2.0, 2);
  });
});
