// The capabilities of the place the contract suite runs in, and the way a
// conditional test is registered: everywhere, run where its capability is and
// skipped with that capability named where it is not. Runtime-neutral, like
// the rest of the suite. The runners check the skips and this profile against
// test/portable/expected-profiles.ts; vitest's projects likewise
// (test/setup/skips-reporter.ts).
import { AsyncLocalStorage, AsyncResource, Snapshot, Variable, backend } from '../../src/index.js';
import { conditionalTests } from '../portable/conditional.js';
import type { Profile, ProfileSuite } from '../portable/profile.js';

/** Defined by the build (test/portable/bundle.ts, vitest.config.ts): code built with the await plugin, and its generator rewrite. */
declare const __TASKCONTEXT_AWAIT_PLUGIN__: boolean | undefined;
declare const __TASKCONTEXT_GENERATORS__: boolean | undefined;

const builtWithAwaitPlugin = typeof __TASKCONTEXT_AWAIT_PLUGIN__ !== 'undefined' && __TASKCONTEXT_AWAIT_PLUGIN__ === true;
const builtWithGenerators = typeof __TASKCONTEXT_GENERATORS__ !== 'undefined' && __TASKCONTEXT_GENERATORS__ === true;

/** Tried, not assumed: workerd's AsyncLocalStorage has the method, but it throws, and so does ours there. */
function enterWithWorks(): boolean {
  const storage = new AsyncLocalStorage<number>();
  try {
    return storage.run(0, () => {
      storage.enterWith(1);
      return storage.getStore() === 1;
    });
  } catch {
    return false;
  } finally {
    storage.disable();
  }
}

const enterWith = enterWithWorks();

/**
 * Probed on functions built as the suite is, so a build that lowers classes
 * (Metro's Babel preset for Hermes 0.12) shows here as in the library; and on
 * the library's own (the legacy script bundle, lowered by its own build).
 */
function functionShapesAsSpecified(): boolean {
  const wrapped = Snapshot.wrap(() => undefined);
  if (Object.prototype.hasOwnProperty.call(wrapped, 'prototype') || Variable.prototype.run.length !== 2) return false;
  if (Object.getOwnPropertyNames(Variable).sort().join() !== 'length,name,prototype') return false;
  const rest = function (_first: unknown, ..._rest: unknown[]) {};
  const { method } = { method() {} };
  class Probe {}
  function ForeignTarget() {}
  ForeignTarget.prototype = {};
  try {
    Reflect.construct(Probe, [], ForeignTarget);
  } catch {
    return false;
  }
  return rest.length === 1 && !Object.prototype.hasOwnProperty.call(method, 'prototype');
}

/** Tried on the library: Reflect.construct with a newTarget whose prototype is no object. */
function newTargetFallback(): boolean {
  function NewTarget(): void {}
  NewTarget.prototype = null;
  try {
    return Object.getPrototypeOf(Reflect.construct(Variable, [], NewTarget)) === Variable.prototype;
  } catch {
    return false;
  }
}

/** Which part of the vocabulary (test/portable/profile.ts) this profile is: the runners judge it against that part's expected profiles. */
export const profileSuite = 'contract' satisfies ProfileSuite;

/** What this place can do (test/portable/profile.ts says what each capability means). */
export const profile: Profile<'contract'> = {
  // The patch layer alone carries `.then` callbacks and timers, not the code after a native await.
  await: backend() !== 'patch' || builtWithAwaitPlugin,
  // The rewrite's generator scopes swap frames: the patch layer can, AsyncLocalStorage only through enterWith.
  generators: builtWithGenerators && (backend() === 'patch' || (backend() === 'als' && enterWith)),
  enterWith,
  // Outside any run only the runtime itself can end what enterWith set (with the job); the patch layer refuses.
  enterWithOutsideRun: backend() === 'als' && enterWith,
  // AsyncResource takes the runtime's own ids where it has an AsyncResource; Bun's are all 0.
  asyncIds: !('Bun' in globalThis),
  // The <script> bundles leave AsyncResource out (the suite run on the legacy bundle).
  asyncResource: typeof AsyncResource === 'function',
  functionShapes: functionShapesAsSpecified(),
  newTargetFallback: newTargetFallback(),
};

/**
 * itNeeds(capability, name, fn): a test that needs `capability`, run where the
 * place has it, skipped (the capability named) where not. itWithout: the
 * mirror image, a test of what the platform does without it.
 */
export const { itNeeds, itWithout } = conditionalTests<'contract'>(profile);
