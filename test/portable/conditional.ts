// How a suite registers its conditional tests, whatever its part of the
// vocabulary (test/portable/profile.ts): everywhere, run where the place has
// what the test needs, skipped with that capability named where it has not.
// Each suite's capabilities.ts binds these to the profile it computed.
import { it } from 'vitest';
import type { Capability, CapabilityOf, Profile, ProfileSuite, Requirement } from './profile.js';

type TestBody = () => unknown;

export interface ConditionalTests<S extends ProfileSuite> {
  /**
   * A test that needs `needs` (one capability, or several): run where the
   * place has them all; skipped where not, naming the first one it lacks.
   */
  itNeeds(needs: CapabilityOf<S> | readonly CapabilityOf<S>[], name: string, fn: TestBody, timeout?: number): void;
  /**
   * The mirror image: a test of what the platform does without `capability`
   * (a documented limit), run where the place lacks it, skipped (the
   * capability named) where it has it.
   */
  itWithout(capability: CapabilityOf<S>, name: string, fn: TestBody, timeout?: number): void;
}

export function conditionalTests<S extends ProfileSuite>(profile: Profile<S>): ConditionalTests<S> {
  const has = (name: CapabilityOf<S>): boolean => (profile as Record<string, boolean>)[name] === true;
  const register = (requires: Requirement, skip: boolean, name: string, fn: TestBody, timeout?: number) =>
    it(name, { skip, timeout, meta: { requires } }, fn);
  return {
    itNeeds(needs, name, fn, timeout) {
      const all: readonly CapabilityOf<S>[] = typeof needs === 'string' ? [needs] : needs;
      if (all.length === 0) throw new Error(`itNeeds('${name}'): name at least one capability`);
      // A run test records the first it needs; a skipped one the first it lacks (its reason).
      const lacking = all.find((capability) => !has(capability));
      register({ capability: (lacking ?? all[0]!) as Capability, present: true }, lacking !== undefined, name, fn, timeout);
    },
    itWithout(capability, name, fn, timeout) {
      register({ capability: capability as Capability, present: false }, has(capability), name, fn, timeout);
    },
  };
}
