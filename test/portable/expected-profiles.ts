import type { Profile } from './profile.js';

// What every place the runners drive must be able to do. The suite computes
// its own profile where it runs (test/contract/capabilities.ts) and reports
// it; the judge fails a run whose profile differs from the one here (a
// capability lost or gained is a change someone must look at) and any skip
// that names a capability the place is expected to have.

/** Node, Bun, Deno: AsyncLocalStorage with enterWith; the suite is built with the await plugin and install() places its generator scopes. */
const server: Profile = { await: true, generators: true, enterWith: true, enterWithOutsideRun: true };

/** Browsers: the patch layer; await and generators through the await plugin; enterWith only inside a run. */
const browser: Profile = { await: true, generators: true, enterWith: true, enterWithOutsideRun: false };

export const EXPECTED_PROFILES = {
  /** This Node (its report says node<major>). */
  node: server,
  node24: server,
  'node20.15': server,
  'node20.0': server,
  bun: server,
  deno: server,
  /** Its AsyncLocalStorage has no enterWith that works: no generator scopes either; the suite is built as written. */
  workerd: { await: true, generators: false, enterWith: false, enterWithOutsideRun: false },
  chromium: browser,
  firefox: browser,
  webkit: browser,
  /** vitest's projects (vitest.config.ts). node: the contract as written (no await plugin), on this Node's als backend. */
  'vitest/node': { await: true, generators: false, enterWith: true, enterWithOutsideRun: true },
  /** The contract on the patch layer under happy-dom, built with the await plugin. */
  'vitest/contract-patch': browser,
  /** No contract tests: no profile, and nothing may skip. */
  'vitest/dom': null,
  'vitest/leak': null,
} satisfies Record<string, Profile | null>;

export type Place = keyof typeof EXPECTED_PROFILES;

/** The profile `place` must have; null where nothing computes one and nothing may skip; undefined for a place not in the table. */
export function expectedProfile(place: string): Profile | null | undefined {
  return Object.hasOwn(EXPECTED_PROFILES, place) ? EXPECTED_PROFILES[place as Place] : undefined;
}
