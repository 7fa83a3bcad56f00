import { expect, it } from 'vitest';

/**
 * A known wrong behaviour, pinned down: the test passes while `observe()`
 * returns exactly `wrong`, and fails as soon as it returns anything else:
 * `right` (fixed: make it a plain test) or another wrong value (it broke
 * differently). Unlike `it.fails`, which passes on any error at all.
 */
export function expectedFailure<T>(name: string, reason: string, observe: () => T | Promise<T>, wrong: T, right: T): void {
  it(`${name} (EXPECTED FAILURE: ${reason})`, async () => {
    expect(wrong, 'the pinned wrong value is the right one: this is no failure').not.toEqual(right);
    const actual = await observe();
    if (JSON.stringify(actual) === JSON.stringify(right)) {
      expect.unreachable(`fixed: it now gives the right value ${JSON.stringify(right)}; make it a plain test`);
    }
    expect(actual, 'it still fails, but differently than pinned').toEqual(wrong);
  });
}
