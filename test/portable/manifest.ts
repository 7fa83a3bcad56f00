import { registered } from './vitest-shim.js';

// What a suite registered, written down before it runs: the runner's expected
// count comes from here (never from a number typed by hand), so a test that
// never reports, or a run that stops half-way, fails instead of shrinking the total.

export interface Manifest {
  suite: string;
  engine: string;
  /** Every test the suite registered in this engine, in order; named skips too. */
  tests: Array<{ name: string; skip: boolean }>;
}

/** The manifest of everything registered so far (call it once every test file has been imported). */
export function manifestOf(suite: string, engine: string): Manifest {
  const tests = registered.flatMap((item) => ('hook' in item ? [] : [{ name: item.name, skip: item.mode === 'skip' }]));
  return { suite, engine, tests };
}
