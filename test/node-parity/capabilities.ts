// What the runtime under the suite can do: its profile in node-parity's part of
// the vocabulary (test/portable/profile.ts says what each capability means),
// and the way a conditional test is registered (itNeeds: everywhere, skipped
// with the capability named where the runtime lacks it). Every capability is
// probed with the runtime's own node:async_hooks classes, never with the ones
// under test: a test is skipped only where the runtime's own class cannot
// pass it either. The runners check the skips and this profile against
// test/portable/expected-profiles.ts (test/portable/bundle.ts reports it).
//
// children.ts first: in a child process (NODE_PARITY_CHILD) it runs its
// scenario and exits while it is imported, before anything here is probed. A
// child must probe nothing: enabling an async hook, even for a moment, changes
// how Node keeps its async id stack for the rest of the process (what the
// deep-nesting scenarios exercise); and a child starts no other (helpers.ts).
import { EXPECTED_ERROR_NOTES, type ErrorSteps, type PlatformProbes } from './children.js';
import { AsyncResource as PlatformResource, createHook, executionAsyncId, executionAsyncResource, triggerAsyncId } from 'node:async_hooks';
import { conditionalTests } from '../portable/conditional.js';
import type { Profile, ProfileSuite } from '../portable/profile.js';
import { childOutput, runChildSync } from './helpers.js';

/** Which part of the vocabulary this profile is. */
export const profileSuite = 'node-parity' satisfies ProfileSuite;

/** `test()`, or false if it throws. */
function tried(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false;
  }
}

/** Calls `fn` with an init hook enabled that collects the (id, trigger, resource) of every resource of `type`. */
function withInitHook<T>(type: string, fn: () => T): { result: T; inits: Array<{ id: number; trigger: number; resource: object }> } {
  const inits: Array<{ id: number; trigger: number; resource: object }> = [];
  const hook = createHook({ init: (id, t, trigger, resource) => void (t === type && inits.push({ id, trigger, resource })) }).enable();
  try {
    return { result: fn(), inits };
  } finally {
    hook.disable();
  }
}

// Those that answer at once are tried here, in the runner.
const asyncHooks = tried(() => withInitHook('node-parity-probe', () => new PlatformResource('node-parity-probe')).inits.length === 1);
const executionIds = tried(() => {
  const resource = new PlatformResource('node-parity-probe');
  return resource.runInAsyncScope(() => executionAsyncId()) !== executionAsyncId();
});
const executionResource = tried(() => {
  const resource = new PlatformResource('node-parity-probe');
  return resource.runInAsyncScope(() => executionAsyncResource()) === resource;
});
// A resource made inside another's scope: its trigger is that scope's id (Node's default), and
// triggerAsyncId() inside its own scope reports it. No triggerAsyncId() method is needed (Deno's class has none).
const triggerIdInScope = tried(() => {
  const outer = new PlatformResource('node-parity-probe');
  return outer.runInAsyncScope(() => {
    const made = executionAsyncId();
    return new PlatformResource('node-parity-probe').runInAsyncScope(() => triggerAsyncId()) === made;
  });
});
const initTriggerId = tried(() => {
  const { inits } = withInitHook('node-parity-probe', () => new PlatformResource('node-parity-probe', { triggerAsyncId: 111 }));
  return inits.length === 1 && inits[0]!.trigger === 111;
});
const emptyTypeCheck = tried(() => {
  const hook = createHook({ init() {} }).enable();
  try {
    new PlatformResource('');
    return false;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_ASYNC_TYPE';
  } finally {
    hook.disable();
  }
});

// The others take a job or more, a collection, or process-wide listeners: asked
// of a child process of this runtime, once, before the tests are registered.
const child = runChildSync('platform-probes', { gc: true });
if (child.result === undefined) {
  // No profile without them: the suite does not load, and the runner shows why.
  throw new Error(`test/node-parity/capabilities.ts: the platform-probes child reported nothing (exit ${child.code ?? child.signal}):\n${childOutput(child)}`);
}
const probes = child.result as PlatformProbes;
const notes = (step: keyof ErrorSteps, from = 0): boolean =>
  JSON.stringify(probes.errors[step]?.slice(from)) === JSON.stringify(EXPECTED_ERROR_NOTES[step].slice(from));

/** What this runtime can do. */
export const profile: Profile<'node-parity'> = {
  asyncHooks,
  executionIds,
  executionResource,
  triggerIdInScope,
  initTriggerId,
  emptyTypeCheck,
  // Non-vacuous: destroy is seen at all (for the resource left to the collector), and not for the manual one.
  manualDestroy: probes.destroy.leftToGc === 1 && probes.destroy.manualOnly === 0,
  tcpContext: probes.sockets.tcp,
  tlsContext: probes.sockets.tls,
  streamFinishedContext: probes.streamFinished,
  uncaughtExceptionContext: notes('timer'),
  unhandledRejectionContext: notes('asyncRejection'),
  // The step's first note is the unhandledRejection listener's (the capability above); the rest, the raised exception's.
  rejectionAsUncaught: notes('rejectionInListener', 1),
  vmPromiseContext: probes.vmPromise,
};

/** itNeeds(capability or capabilities, name, fn): run where the runtime has them all, else skipped naming the first it lacks. */
export const { itNeeds, itWithout } = conditionalTests<'node-parity'>(profile);
