// The capabilities a place (runtime, browser, vitest project) may have that a
// suite's conditional tests depend on: the one vocabulary of skip reasons. A
// test that cannot run somewhere is registered there all the same, skipped
// with the capability it needs (itNeeds, test/portable/conditional.ts), so
// that every skip has a reason the runners can check against what the place
// is expected to have (expected-profiles.ts).
//
// Each suite that computes a profile has its own part of the vocabulary, in
// its own capabilities.ts: the contract (test/contract/, whose capabilities
// the runners' fixture suites use too) and test/node-parity/. Names are
// unique across the parts, so a name alone says what it means (`capability`).

export const CAPABILITIES = {
  contract: {
    await: 'code after a native await keeps its frame (the als and native backends, or code built with the await plugin)',
    generators:
      'generator bodies run in their creation frame (code built with the await plugin, on a backend that can swap frames: patch, or als with a working enterWith)',
    enterWith: "AsyncLocalStorage.enterWith works inside a run (everywhere but workerd, whose own AsyncLocalStorage's enterWith throws)",
    enterWithOutsideRun: 'AsyncLocalStorage.enterWith works outside any run too (the als backend: the runtime ends it with the job)',
    asyncIds:
      "AsyncResource ids are distinct per resource (everywhere but Bun: taskcontext's AsyncResource extends the runtime's own, and Bun's ids are all 0, as its executionAsyncId())",
    asyncResource: 'the library exports AsyncResource (everywhere but the <script> bundles, which leave it out: the runs on the legacy bundle)',
    newTargetFallback:
      "Reflect.construct(Variable or Snapshot, [], newTarget) whose newTarget.prototype is no object makes an instance of the class (everywhere but the legacy bundle where the engine follows the spec there, as QuickJS does: its lowered classes' call check refuses the plain object the engine makes; Hermes 0.12 makes it from the class's prototype)",
    functionShapes:
      "functions have the shapes the language gives them: a rest parameter is not counted in length, a concise method is no constructor, a class accepts any new.target and has no statics but its own (everywhere but Hermes 0.12, which counts rest parameters and makes methods constructors, and has no classes: Metro's Babel preset lowers them, and the lowered constructors refuse a foreign new.target.prototype and keep private statics as own properties)",
  },
  // Facts of the runtime's own node:async_hooks, each probed with its own classes
  // (never taskcontext's): where a fact is missing, the runtime's own class
  // fails the tests that need it too, and ours, built on the runtime's, cannot pass them.
  'node-parity': {
    asyncHooks: "createHook's hooks are called: init when an AsyncResource is made",
    executionIds: "executionAsyncId() inside an AsyncResource's runInAsyncScope is another id than outside it",
    executionResource: "executionAsyncResource() inside an AsyncResource's runInAsyncScope is that resource",
    triggerIdInScope:
      'triggerAsyncId() inside the runInAsyncScope of a resource made without a trigger option is executionAsyncId() where the resource was made',
    initTriggerId: "an init hook is given the resource's triggerAsyncId option as its trigger",
    emptyTypeCheck: "with an init hook enabled, the runtime's AsyncResource refuses an empty type (TypeError ERR_ASYNC_TYPE)",
    manualDestroy: 'of two collected AsyncResources, the one made without requireManualDestroy emits destroy, the one made with it does not',
    tcpContext: "a TCP client's data listeners run in the context the socket was made in",
    tlsContext: "a TLS client's data listeners run in the context the socket was made in",
    streamFinishedContext: "stream.finished's callback runs in the context it was registered in, though the stream ends outside it",
    uncaughtExceptionContext: 'uncaughtException listeners and monitors run in the context of the callback that threw',
    unhandledRejectionContext: 'unhandledRejection listeners run in the context of the rejected promise',
    rejectionAsUncaught:
      'an unhandled rejection no unhandledRejection listener takes is raised as an uncaught exception (origin unhandledRejection) in the context of the rejected promise',
    vmPromiseContext: 'promise callbacks queued by code compiled with vm.compileFunction run in the context of its caller',
  },
} as const;

/** A part of the vocabulary: the suite whose capabilities.ts computes such a profile. */
export type ProfileSuite = keyof typeof CAPABILITIES;

/** A capability of `S`'s part of the vocabulary. */
export type CapabilityOf<S extends ProfileSuite> = keyof (typeof CAPABILITIES)[S] & string;

/** Any capability. */
export type Capability = { [S in ProfileSuite]: CapabilityOf<S> }[ProfileSuite];

/** What a place can do: each capability of one suite's part, present or not. */
export type Profile<S extends ProfileSuite = ProfileSuite> = S extends ProfileSuite ? Record<CapabilityOf<S>, boolean> : never;

/** Where each part's profile is computed and its itNeeds is: for messages. */
export const PROFILE_MODULES: Record<ProfileSuite, string> = {
  contract: 'test/contract/capabilities.ts',
  'node-parity': 'test/node-parity/capabilities.ts',
};

// No name in two parts: a skip reason must mean one thing (a type error here otherwise).
type Shared<A extends ProfileSuite, B extends ProfileSuite> = A extends unknown
  ? B extends unknown
    ? [A] extends [B]
      ? never
      : CapabilityOf<A> & CapabilityOf<B>
    : never
  : never;
const noNameInTwoParts: [Shared<ProfileSuite, ProfileSuite>] extends [never] ? true : false = true;
void noNameInTwoParts;

/** The one way to look a capability up: its part of the vocabulary and its meaning; undefined for a name that is none. */
export function capability(name: string): { suite: ProfileSuite; meaning: string } | undefined {
  for (const suite of Object.keys(CAPABILITIES) as ProfileSuite[]) {
    const part: Record<string, string> = CAPABILITIES[suite];
    if (Object.hasOwn(part, name)) return { suite, meaning: part[name]! };
  }
  return undefined;
}

/** The capabilities of `suite`'s part, in the table's order. */
export function capabilitiesOf<S extends ProfileSuite>(suite: S): Array<CapabilityOf<S>> {
  return Object.keys(CAPABILITIES[suite]) as Array<CapabilityOf<S>>;
}

/** What a conditional test needs: `capability` present, or (a test of the platform's own limit) absent. */
export interface Requirement {
  capability: Capability;
  present: boolean;
}

// vitest hands a test's `meta` to reporters (test/setup/skips-reporter.ts); the shim keeps it too.
declare module '@vitest/runner' {
  interface TaskMeta {
    /** Why the test may be skipped: itNeeds and itWithout set it. */
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
 * todo) is wrong in a suite whose profile is `suite`'s, where `expected` is
 * what the place has; undefined when the skip is justified (the capability is
 * one the place is expected to lack, or to have for a test that only runs
 * without it).
 */
export function unjustifiedSkip(requires: Requirement | undefined, suite: ProfileSuite, expected: Profile | null, place: string): string | undefined {
  if (!requires) return `skipped without naming the capability it needs (register it with itNeeds from ${PROFILE_MODULES[suite]})`;
  const known = capability(requires.capability);
  if (!known) return `skipped for an unknown capability '${String(requires.capability)}'`;
  if (known.suite !== suite) return `skipped for ${requires.capability}, a capability of the ${known.suite} suite's profile, not of ${suite}'s`;
  if (expected === null) return `skipped (${requirementText(requires)}), but ${place} expects no skips at all`;
  if ((expected as Record<string, boolean>)[requires.capability] !== requires.present) return undefined;
  return `skipped (${requirementText(requires)}), but ${place} is expected to ${requires.present ? 'have' : 'lack'} ${requires.capability}`;
}

/** How `reported` differs from `expected`: one line per capability gained, lost, unknown or not reported. */
export function profileChanges(expected: Profile, reported: Profile | undefined): string[] {
  if (!reported) return ['the suite reported no profile'];
  const state = (value: boolean | undefined) => (value === undefined ? 'not reported' : value ? 'present' : 'missing');
  const want = expected as Record<string, boolean>;
  const got = reported as Record<string, boolean>;
  const names = [...new Set([...Object.keys(want), ...Object.keys(got)])];
  return names
    .filter((name) => want[name] !== got[name])
    .map((name) =>
      Object.hasOwn(want, name)
        ? `${name}: expected ${state(want[name])}, the suite found it ${state(got[name])}`
        : `${name}: reported, but the expected profile has no such capability`,
    );
}
