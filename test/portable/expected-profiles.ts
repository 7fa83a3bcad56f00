import type { Profile, ProfileSuite } from './profile.js';

// What every place the runners drive must be able to do, for each part of the
// vocabulary (test/portable/profile.ts). A suite computes its own profile
// where it runs (its capabilities.ts) and reports it; the judge fails a run
// whose profile differs from the one here (a capability lost or gained is a
// change someone must look at) and any skip that names a capability the place
// is expected to have.

/** Node, Bun, Deno: AsyncLocalStorage with enterWith; the suite is built with the await plugin and install() places its generator scopes. */
const server: Profile<'contract'> = { await: true, generators: true, enterWith: true, enterWithOutsideRun: true, asyncIds: true, asyncResource: true, functionShapes: true, newTargetFallback: true };

/** Browsers: the patch layer; await and generators through the await plugin; enterWith only inside a run. */
const browser: Profile<'contract'> = { await: true, generators: true, enterWith: true, enterWithOutsideRun: false, asyncIds: true, asyncResource: true, functionShapes: true, newTargetFallback: true };

/**
 * QuickJS and quickjs-ng (through quickjs-emscripten, with the host of
 * test/runtimes/script-host.js): the patch layer, as in a browser; await and
 * generators through the await plugin.
 */
const quickjs: Profile<'contract'> = browser;

/** Node 24: its node:async_hooks as Node's own tests expect it. */
const node24: Profile<'node-parity'> = {
  asyncHooks: true,
  executionIds: true,
  executionResource: true,
  triggerIdInScope: true,
  initTriggerId: true,
  emptyTypeCheck: true,
  manualDestroy: true,
  tcpContext: true,
  tlsContext: true,
  streamFinishedContext: true,
  uncaughtExceptionContext: true,
  unhandledRejectionContext: true,
  rejectionAsUncaught: true,
  vmPromiseContext: true,
};

/** Node 20 (20.0.0 to 20.20.2): runs stream.finished's callback in the context the stream ended in (fixed in later Nodes). */
const node20: Profile<'node-parity'> = { ...node24, streamFinishedContext: false };

export const EXPECTED_PROFILES = {
  contract: {
    /** This Node (its report says node<major>). */
    node: server,
    node24: server,
    'node20.15': server,
    'node20.0': server,
    /** Bun's own AsyncResource, which taskcontext's extends, has no ids (all 0). */
    bun: { ...server, asyncIds: false },
    deno: server,
    /** Its AsyncLocalStorage has no enterWith that works: no generator scopes either; the suite is built as written. */
    workerd: { await: true, generators: false, enterWith: false, enterWithOutsideRun: false, asyncIds: true, asyncResource: true, functionShapes: true, newTargetFallback: true },
    /**
     * Hermes 0.12 (hermes-engine-cli, the newest Hermes VM on npm), the suite
     * built as Metro builds an app for it: the await transform (taskcontext/metro),
     * then @react-native/babel-preset with the `default` profile. The patch
     * layer; Hermes' own await calls the patched then, and the transform
     * carries it anyway. No functionShapes: Hermes 0.12's rest-parameter
     * lengths and constructible methods, Babel's lowered classes.
     */
    hermes: { ...browser, functionShapes: false },
    quickjs,
    'quickjs-ng': quickjs,
    /**
     * The suite on dist/taskcontext.legacy.umd.min.js, loaded as it is before
     * the suite (built as for hermes and quickjs): no AsyncResource (not in the
     * <script> bundles); its classes are Babel's, lowered by its own build.
     */
    'hermes-legacy': { ...browser, asyncResource: false, functionShapes: false },
    'quickjs-legacy': { ...quickjs, asyncResource: false, functionShapes: false, newTargetFallback: false },
    /** QuickJS with the suite as written (no await plugin): native await loses the frame there, generators run in the caller's. */
    'quickjs-as-written': { ...quickjs, await: false, generators: false },
    chromium: browser,
    firefox: browser,
    webkit: browser,
    /** vitest's projects (vitest.config.ts). node: the contract as written (no await plugin), on this Node's als backend. */
    'vitest/node': { await: true, generators: false, enterWith: true, enterWithOutsideRun: true, asyncIds: true, asyncResource: true, functionShapes: true, newTargetFallback: true },
    /** The contract on the patch layer under happy-dom, built with the await plugin. */
    'vitest/contract-patch': browser,
    /** No contract tests: no profile, and nothing may skip. */
    'vitest/dom': null,
    'vitest/leak': null,
  },
  /** test/node-parity, on the server runtimes (run-runtimes.ts ... --suite=test/node-parity). */
  'node-parity': {
    /** This Node: 20.20.2 here (its report says node20). Another major has another profile: update this entry with it. */
    node: node20,
    node24,
    'node20.15': node20,
    'node20.0': node20,
    /**
     * Bun 1.4.5: createHook's hooks are never called (no init, before, after or
     * destroy), executionAsyncId() and triggerAsyncId() are 0 everywhere and
     * executionAsyncResource() ignores runInAsyncScope; its unhandledRejection
     * listeners run outside the rejected promise's context, and an unhandled
     * rejection is never raised as an uncaught exception to listeners.
     */
    bun: {
      ...node24,
      asyncHooks: false,
      executionIds: false,
      executionResource: false,
      initTriggerId: false,
      manualDestroy: false,
      unhandledRejectionContext: false,
      rejectionAsUncaught: false,
    },
    /**
     * Deno 2.9.6: no trigger ids (triggerAsyncId() is always 0, init hooks are
     * given 0 whatever the option, its AsyncResource has no triggerAsyncId());
     * no ERR_ASYNC_TYPE check; destroy for a collected resource even with
     * requireManualDestroy; TCP and TLS data listeners and uncaughtException
     * listeners run outside the context of the socket or of the callback that threw.
     */
    deno: {
      ...node24,
      triggerIdInScope: false,
      initTriggerId: false,
      emptyTypeCheck: false,
      manualDestroy: false,
      tcpContext: false,
      tlsContext: false,
      uncaughtExceptionContext: false,
    },
  },
} satisfies { [S in ProfileSuite]: Record<string, Profile<S> | null> };

/** The profile `place` must have in `suite`'s part of the vocabulary; null where nothing computes one and nothing may skip; undefined for a place not in the table. */
export function expectedProfile(suite: ProfileSuite, place: string): Profile | null | undefined {
  const places: Record<string, Profile | null> = EXPECTED_PROFILES[suite];
  return Object.hasOwn(places, place) ? places[place]! : undefined;
}
