// The capabilities a place (runtime, browser, vitest project) may have that
// the contract's conditional tests depend on. A test that cannot run somewhere
// is registered there all the same, skipped with the capability it needs
// (test/contract/capabilities.ts), so that every skip has a reason the
// runners can check against what the place is expected to have
// (expected-profiles.ts).

export const CAPABILITIES = {
  await: 'code after a native await keeps its frame (the als and native backends, or code built with the await plugin)',
  generators:
    'generator bodies run in their creation frame (code built with the await plugin, on a backend that can swap frames: patch, or als with a working enterWith)',
  enterWith: "AsyncLocalStorage.enterWith works inside a run (everywhere but workerd, whose own AsyncLocalStorage's enterWith throws)",
  enterWithOutsideRun: 'AsyncLocalStorage.enterWith works outside any run too (the als backend: the runtime ends it with the job)',
} as const;

export type Capability = keyof typeof CAPABILITIES;

/** What a place can do: every capability, present or not. */
export type Profile = Record<Capability, boolean>;

/** What a conditional test needs: `capability` present, or (a test of the platform's own limit) absent. */
export interface Requirement {
  capability: Capability;
  present: boolean;
}

// vitest hands a test's `meta` to reporters (test/setup/skips-reporter.ts); the shim keeps it too.
declare module '@vitest/runner' {
  interface TaskMeta {
    /** Why the test may be skipped: test/contract/capabilities.ts sets it. */
    requires?: Requirement;
    /** The capabilities of the place, on the one test that carries them (test/contract/capabilities.test.ts). */
    profile?: Profile;
  }
}

/** `needs generators`, or `only without generators`. */
export function requirementText({ capability, present }: Requirement): string {
  return present ? `needs ${capability}` : `only without ${capability}`;
}

/**
 * Why skipping a test that requires `requires` (undefined: a plain skip or
 * todo) is wrong where `expected` is what the place has; undefined when the
 * skip is justified (the capability is one the place is expected to lack, or
 * to have for a test that only runs without it).
 */
export function unjustifiedSkip(requires: Requirement | undefined, expected: Profile | null, place: string): string | undefined {
  if (!requires) return 'skipped without naming the capability it needs (register it with itNeeds from test/contract/capabilities.ts)';
  if (!Object.hasOwn(CAPABILITIES, requires.capability)) return `skipped for an unknown capability '${String(requires.capability)}'`;
  if (expected === null) return `skipped (${requirementText(requires)}), but ${place} expects no skips at all`;
  if (expected[requires.capability] !== requires.present) return undefined;
  return `skipped (${requirementText(requires)}), but ${place} is expected to ${requires.present ? 'have' : 'lack'} ${requires.capability}`;
}

/** How `reported` differs from `expected`: one line per capability gained, lost, unknown or not reported. */
export function profileChanges(expected: Profile, reported: Profile | undefined): string[] {
  if (!reported) return ['the suite reported no profile'];
  const state = (value: boolean | undefined) => (value === undefined ? 'not reported' : value ? 'present' : 'missing');
  const names = [...new Set([...Object.keys(expected), ...Object.keys(reported)])] as Capability[];
  return names
    .filter((name) => expected[name] !== reported[name])
    .map((name) =>
      Object.hasOwn(expected, name)
        ? `${name}: expected ${state(expected[name])}, the suite found it ${state(reported[name])}`
        : `${name}: reported, but no such capability is known`,
    );
}
