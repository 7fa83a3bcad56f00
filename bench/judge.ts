// The verdict bench/compare.ts gives a row: is the new build within the limit
// of the earlier one, slower, or can this many samples not tell? Samples are
// paired (taken in the same round: the same process, or pages loaded one after
// the other), so each pair's log ratio is one observation, and the row's
// ratio is their geometric mean with a 95% confidence interval.

export type Verdict = 'ok' | 'slower' | 'unresolved';

export interface Judgement {
  /** The geometric mean of the paired ratios (new / earlier). */
  ratio: number;
  /** The 95% confidence interval of `ratio`. */
  low: number;
  high: number;
  /** How many pairs it rests on. */
  pairs: number;
  /** ok: the interval lies under the limit; slower: above it; unresolved: it straddles it (more pairs may tell). */
  verdict: Verdict;
}

/** Fewer pairs than this give no verdict: their spread says too little. */
export const MIN_PAIRS = 4;

/** Student's t for a two-sided 95% interval with `df` degrees of freedom (within 0.2% from df 1 on). */
export function t95(df: number): number {
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
  return df <= table.length ? table[df - 1]! : 1.96 + 2.4 / df + 2.5 / (df * df);
}

/**
 * Judges `ours` against `theirs` (sample i of both taken in the same round)
 * with `limit` (1.03: at most 3% slower). Undefined when a side has no samples
 * or the two differ in length; pairs with a time that is not positive are left out.
 */
export function judgePaired(ours: readonly number[], theirs: readonly number[], limit: number): Judgement | undefined {
  if (ours.length === 0 || ours.length !== theirs.length) return undefined;
  const logs: number[] = [];
  for (const [i, time] of ours.entries()) {
    const earlier = theirs[i]!;
    if (time > 0 && earlier > 0) logs.push(Math.log(time / earlier));
  }
  const n = logs.length;
  if (n === 0) return undefined;
  const mean = logs.reduce((sum, x) => sum + x, 0) / n;
  const spread = n < 2 ? Infinity : Math.sqrt(logs.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  const half = n < 2 ? Infinity : (t95(n - 1) * spread) / Math.sqrt(n);
  const low = Math.exp(mean - half);
  const high = Math.exp(mean + half);
  const verdict: Verdict = n < MIN_PAIRS ? 'unresolved' : high <= limit ? 'ok' : low > limit ? 'slower' : 'unresolved';
  return { ratio: Math.exp(mean), low, high, pairs: n, verdict };
}
