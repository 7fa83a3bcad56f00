// test262 on Node: worker processes (node-worker.ts, one per core), each job
// in a fresh vm context there. A worker that dies or hangs fails its job and
// is replaced.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Outcome } from '../../test262/report.js';
import { codeOf, harnessFor, type Scenario } from '../../test262/tests.js';
import type { NodeJob, WorkerInit, WorkerMessage } from './node-protocol.js';

const workerFile = fileURLToPath(new URL('./node-worker.ts', import.meta.url));

export interface NodeRun {
  scenario: Scenario;
  /** With the patch layer installed in the test's realm first. */
  install: boolean;
}

export interface NodeVmOptions extends Omit<WorkerInit, 'library'> {
  /** The library's UMD bundle, not installed on load. */
  library: string;
  /** Worker processes at once. */
  parallel: number;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
}

function startWorker(init: WorkerInit): Worker {
  // fork passes this process's execArgv on: tsx's loader runs the worker's TypeScript.
  const child = fork(workerFile, [JSON.stringify(init)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`test262 worker exited (${code}) before it was ready`)));
  });
  ready.catch(() => undefined);
  return { child, ready };
}

/** Sends `job` to `worker`; the outcome, or a failure when the worker dies or outlives `limitMs`. */
function send(worker: Worker, job: NodeJob, limitMs: number): Promise<{ outcome: Outcome; healthy: boolean }> {
  return new Promise((resolve) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      worker.child.off('message', onMessage);
      worker.child.off('exit', onExit);
    };
    const onMessage = (message: WorkerMessage): void => {
      if (message.type !== 'outcome' || message.id !== job.id) return;
      cleanup();
      resolve({ outcome: message.outcome, healthy: true });
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      resolve({ outcome: { ok: false, reason: `the worker died (${signal ?? code})` }, healthy: false });
    };
    const timer = setTimeout(() => {
      cleanup();
      resolve({ outcome: { ok: false, reason: `the worker hung for ${limitMs} ms` }, healthy: false });
    }, limitMs);
    worker.child.on('message', onMessage);
    worker.child.on('exit', onExit);
    worker.child.send({ type: 'job', job } satisfies WorkerMessage);
  });
}

/** Runs every run; outcomes in the order given. */
export async function runInNodeVm(runs: NodeRun[], options: NodeVmOptions): Promise<Outcome[]> {
  const init: WorkerInit = { checkout: options.checkout, library: options.library, timeoutMs: options.timeoutMs };
  const outcomes: Outcome[] = new Array(runs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    let worker = startWorker(init);
    try {
      await worker.ready;
      while (next < runs.length) {
        const id = next++;
        const { scenario, install } = runs[id]!;
        const { test } = scenario;
        const job: NodeJob = {
          id,
          name: test.name,
          code: codeOf(test.source, scenario),
          harness: harnessFor(test),
          async: test.flags.has('async'),
          install,
          ...(test.negative ? { negative: test.negative } : {}),
        };
        const { outcome, healthy } = await send(worker, job, options.timeoutMs + 15_000);
        outcomes[id] = outcome;
        if (!healthy) {
          worker.child.kill('SIGKILL');
          worker = startWorker(init);
          await worker.ready;
        }
      }
    } finally {
      worker.child.kill('SIGKILL');
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, lane));
  return outcomes;
}
