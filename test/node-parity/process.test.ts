// Behaviours checked in a child process of the same runtime (children.ts has
// the scenarios): deep nesting, where running out of stack inside Node's
// async_hooks bookkeeping ends the whole process ("async hook stack has become
// corrupted") and would take the runner with it; process-wide error handlers;
// and garbage collection, which needs --expose-gc.
import { describe, expect, it } from 'vitest';
import { itNeeds } from './capabilities.js';
import { EXPECTED_ERROR_NOTES, type ErrorSteps } from './children.js';
import { childOutput, runChild, type ChildRun } from './helpers.js';

const CHILD_TIMEOUT = 30_000;

/** The child ended by itself, reported a result, and Node did not fail on a corrupted async id stack. */
function expectCleanExit(run: ChildRun): void {
  const output = childOutput(run);
  expect(run.stderr, output).not.toContain('async hook stack has become corrupted');
  expect({ code: run.code, signal: run.signal }, output).toEqual({ code: 0, signal: null });
  expect(run.result, `no CHILD-RESULT line:\n${output}`).toBeDefined();
}

interface DeepScope {
  reached: number;
  threw: string | null;
  /** Checks (two a level) where asyncId() was not executionAsyncId(). */
  executionMismatches: number;
  /** Checks where triggerAsyncId() was not async_hooks' triggerAsyncId(). */
  triggerMismatches: number;
  idRestored: boolean;
}
/** What deep-scope and deep-run report with `sweep`: of 100 nestings, how many completed and what the others threw. */
interface Sweep {
  completed: number;
  threw: Record<string, number>;
  idRestored?: boolean;
  storeLeftBehind?: boolean;
}
interface DeepRun {
  reached: number;
  threw: string | null;
  storeLeftBehind: boolean;
}

describe('deep nesting never aborts the process (test-async-hooks-recursive-stack-runInAsyncScope, test-async-local-storage-deep-stack)', () => {
  // One child for both: the ids are compared at every level, on the way in and out.
  let deepScopeRun: Promise<ChildRun> | undefined;
  const deepScope = async (): Promise<DeepScope> => {
    deepScopeRun ??= runChild('deep-scope:1000,ids');
    const run = await deepScopeRun;
    expectCleanExit(run);
    return run.result as DeepScope;
  };

  it('1,000 nested runInAsyncScope calls complete, and at every level asyncId() is async_hooks\' executionAsyncId()', async () => {
    expect(await deepScope()).toMatchObject({ reached: 1000, threw: null, executionMismatches: 0, idRestored: true });
  }, CHILD_TIMEOUT);

  itNeeds('triggerIdInScope', '1,000 nested runInAsyncScope calls: at every level triggerAsyncId() is async_hooks\' triggerAsyncId()', async () => {
    expect(await deepScope()).toMatchObject({ reached: 1000, triggerMismatches: 0 });
  }, CHILD_TIMEOUT);

  it('2,500 nested runInAsyncScope calls, entered from 100 stack depths: the process never aborts (a stack overflow is a RangeError the caller catches)', async () => {
    const run = await runChild('deep-scope:2500,sweep');
    expectCleanExit(run);
    const result = run.result as Sweep;
    expect(result.completed + (result.threw.RangeError ?? 0), JSON.stringify(result)).toBe(100);
    expect(result.idRestored, 'executionAsyncId() after the unwinding is the one before').toBe(true);
  }, CHILD_TIMEOUT);

  it('1,000 nested run calls, each passing run its arguments, complete', async () => {
    const run = await runChild('deep-run:1000');
    expectCleanExit(run);
    expect(run.result as DeepRun).toEqual({ reached: 1000, threw: null, storeLeftBehind: false });
  }, CHILD_TIMEOUT);

  it('5,000 nested run calls, entered from 100 stack depths: the process never aborts (a stack overflow is a RangeError the caller catches)', async () => {
    const run = await runChild('deep-run:5000,sweep');
    expectCleanExit(run);
    const result = run.result as Sweep;
    expect(result.completed + (result.threw.RangeError ?? 0), JSON.stringify(result)).toBe(100);
    expect(result.storeLeftBehind, 'no store is left set after the unwinding').toBe(false);
  }, CHILD_TIMEOUT);
});

describe('an exception inside runInAsyncScope (test-async-hooks-run-in-async-scope-caught-exception)', () => {
  it('caught by the caller, leaves the execution id as it was and the process running', async () => {
    const run = await runChild('throw-in-scope');
    expectCleanExit(run);
    expect(run.result).toEqual({ caught: 'thrown inside the scope', restored: true, immediateRan: true });
  }, CHILD_TIMEOUT);
});

describe('process-wide error listeners see the store of the code that failed (test-async-local-storage-errors)', () => {
  // The runtime's own AsyncLocalStorage went through the same steps when the
  // profile was probed (capabilities.ts): a step it fails names a capability
  // the runtime lacks, and the tests that need it are skipped there.
  const expected = EXPECTED_ERROR_NOTES;
  let subjectRun: Promise<ChildRun> | undefined;
  const stepsOfSubject = async (): Promise<Partial<ErrorSteps>> => {
    subjectRun ??= runChild('process-errors:subject');
    const run = await subjectRun;
    expectCleanExit(run);
    return run.result as Partial<ErrorSteps>;
  };

  itNeeds(
    'uncaughtExceptionContext',
    'an error thrown by a timer scheduled inside run: uncaughtException, its monitor, and a tick queued before the throw',
    async () => expect((await stepsOfSubject()).timer).toEqual(expected.timer),
    CHILD_TIMEOUT,
  );

  itNeeds(
    'unhandledRejectionContext',
    'an async function run inside run rejects after an await: unhandledRejection',
    async () => expect((await stepsOfSubject()).asyncRejection).toEqual(expected.asyncRejection),
    CHILD_TIMEOUT,
  );

  itNeeds(
    ['unhandledRejectionContext', 'rejectionAsUncaught'],
    'a rejection made inside that listener, with no listener left: uncaughtException with origin unhandledRejection',
    async () => expect((await stepsOfSubject()).rejectionInListener).toEqual(expected.rejectionInListener),
    CHILD_TIMEOUT,
  );

  itNeeds(
    ['unhandledRejectionContext', 'vmPromiseContext'],
    'a promise chain started by a function compiled with vm.compileFunction: unhandledRejection',
    async () => expect((await stepsOfSubject()).vmRejection).toEqual(expected.vmRejection),
    CHILD_TIMEOUT,
  );
});

describe('garbage collection (test-async-local-storage-gcable, -weak-asyncwrap-leak)', () => {
  it('a storage disabled inside its own run, with no reference left, is collected', async () => {
    const run = await runChild('gc-disabled-storage', { gc: true });
    expectCleanExit(run);
    expect(run.result).toEqual({ collected: true });
  }, CHILD_TIMEOUT);

  it('a store that refers to a finished zlib stream made inside its run is collected', async () => {
    const run = await runChild('gc-store-of-stream', { gc: true });
    expectCleanExit(run);
    expect(run.result).toEqual({ collected: true });
  }, CHILD_TIMEOUT);
});

describe('async_hooks destroy for AsyncResources (test-async-hooks-destroy-on-gc, -prevent-double-destroy, -disable-gc-tracking)', () => {
  let destroyRun: Promise<ChildRun> | undefined;
  const destroyCounts = async (): Promise<unknown> => {
    destroyRun ??= runChild('gc-destroy', { gc: true });
    const run = await destroyRun;
    expectCleanExit(run);
    return run.result;
  };

  itNeeds('asyncHooks', 'a resource left to the garbage collector emits destroy once', async () => {
    expect(await destroyCounts()).toMatchObject({ leftToGc: 1 });
  }, CHILD_TIMEOUT);

  itNeeds('asyncHooks', 'a resource destroyed with emitDestroy() emits destroy once, not again when collected', async () => {
    expect(await destroyCounts()).toMatchObject({ destroyedByHand: 1 });
  }, CHILD_TIMEOUT);

  itNeeds(['asyncHooks', 'manualDestroy'], 'a resource made with requireManualDestroy emits no destroy when collected', async () => {
    expect(await destroyCounts()).toMatchObject({ manualOnly: 0 });
  }, CHILD_TIMEOUT);
});
