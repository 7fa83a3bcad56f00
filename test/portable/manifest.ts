import type { Requirement } from './profile.js';
import { registered } from './vitest-shim.js';

// What a suite registered, written down before it runs: the runner's expected
// count comes from here (never from a number typed by hand), so a test that
// never reports, or a run that stops half-way, fails instead of shrinking the total.

export interface Manifest {
  suite: string;
  engine: string;
  /** Every test the suite registered in this engine, in order; skips too, each with the capability it needs (none for a plain skip). */
  tests: Array<{ name: string; skip: boolean; requires?: Requirement }>;
}

/** The manifest of everything registered so far (call it once every test file has been imported). */
export function manifestOf(suite: string, engine: string): Manifest {
  const tests = registered.flatMap((item) =>
    'hook' in item ? [] : [{ name: item.name, skip: item.mode === 'skip', ...(item.requires && { requires: item.requires }) }],
  );
  return { suite, engine, tests };
}
