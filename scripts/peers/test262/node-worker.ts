// A test262 worker process (forked by node.ts): runs each job it is sent in a
// fresh vm context of its own, as a test262 host runs a file in a fresh realm,
// and answers with the outcome. In a job `install`ed, the library's UMD bundle
// runs in that context first, then useBackend('patch') and install(): the
// patch layer over the context's own Promise, timers and queueMicrotask.
// Jobs run one at a time, so that an error escaping to the process belongs to
// the job running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import type { Outcome } from '../../test262/report.js';
import type { NodeJob, WorkerInit, WorkerMessage } from './node-protocol.js';

const init = JSON.parse(process.argv[2] ?? '{}') as WorkerInit;

const scripts = new Map<string, vm.Script>();
/** Compiled once per worker, run in every context that needs it. */
function script(file: string, filename: string): vm.Script {
  let compiled = scripts.get(file);
  if (!compiled) scripts.set(file, (compiled = new vm.Script(readFileSync(file, 'utf8'), { filename })));
  return compiled;
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return `${(error as { constructor?: { name?: string } }).constructor?.name ?? 'Error'}: ${String((error as Error).message)}`;
  }
  return `thrown ${String(error)}`;
}

/** The constructor name of a thrown value (a negative test's expectation is a name: the error may be of any realm). */
const nameOf = (error: unknown): string => (error as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof error;

/** Fails the running job: an error that escapes to the process belongs to it. */
let failCurrent: ((reason: string) => void) | undefined;
// Tests reject promises on purpose and test262 does not judge unhandled
// rejections; an error thrown out of a job's callback fails that job.
process.on('unhandledRejection', () => undefined);
process.on('uncaughtException', (error) => failCurrent?.(`uncaught ${describe(error)}`));

/**
 * The host's timers and queueMicrotask for a realm (a page has them, and the
 * patch layer wraps them): a throw from a callback fails the job, as
 * window.onerror would in a page. (print, for $DONE, is set per job.)
 */
function hostGlobals(fail: (reason: string) => void): Record<string, unknown> {
  const guard =
    (fn: unknown, args: unknown[]) =>
    (): void => {
      try {
        if (typeof fn === 'function') Reflect.apply(fn, undefined, args);
      } catch (error) {
        fail(`uncaught ${describe(error)}`);
      }
    };
  return {
    setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => setTimeout(guard(fn, args), ms),
    clearTimeout: (id: NodeJS.Timeout | undefined) => clearTimeout(id),
    setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => setInterval(guard(fn, args), ms),
    clearInterval: (id: NodeJS.Timeout | undefined) => clearInterval(id),
    queueMicrotask: (fn: unknown) => queueMicrotask(guard(fn, [])),
  };
}

/** A fresh realm with $262 (createRealm makes more, without the library: a new iframe would not have it either). */
function createRealm(host: Record<string, unknown>): vm.Context {
  const context = vm.createContext({ ...host, __createRealm: (): unknown => vm.runInContext('$262', createRealm(host)) });
  vm.runInContext(
    `globalThis.$262 = { global: globalThis, evalScript: (source) => (0, eval)(source), createRealm: __createRealm, gc: undefined, agent: {} };
     delete globalThis.__createRealm;`,
    context,
  );
  return context;
}

function run(job: NodeJob): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      if (failCurrent === fail) failCurrent = undefined;
      clearTimeout(timer);
      resolve(outcome.ok ? outcome : { ok: false, reason: String(outcome.reason).replace(/\s+/g, ' ').slice(0, 300) });
    };
    const fail = (reason: string): void => settle({ ok: false, reason });
    // A negative test passes by throwing its error, never by completing.
    const complete = (): void => settle(job.negative ? { ok: false, reason: `expected ${job.negative.type}, completed without it` } : { ok: true });
    const threw = (error: unknown): void =>
      settle(job.negative && nameOf(error) === job.negative.type ? { ok: true } : { ok: false, reason: describe(error) });
    failCurrent = fail;

    const context = createRealm(hostGlobals(fail));
    context.print = (message: unknown) => {
      const text = String(message);
      if (text === 'Test262:AsyncTestComplete') complete();
      else if (text.startsWith('Test262:AsyncTestFailure:')) fail(text.slice('Test262:AsyncTestFailure:'.length));
    };
    timer = setTimeout(() => fail(`timed out after ${init.timeoutMs} ms${job.async ? ' (no $DONE)' : ''}`), init.timeoutMs);
    try {
      // Compiled first: a parse (early) error is the host's SyntaxError, judged by its name.
      const test = new vm.Script(job.code, { filename: job.name });
      if (job.install) {
        script(init.library, 'taskcontext.umd.js').runInContext(context);
        vm.runInContext("TaskContext.useBackend('patch'); TaskContext.install();", context);
        // Not installed, every difference would vanish: fail loudly instead.
        if (vm.runInContext("TaskContext.backend() === 'patch' && !!TaskContext.installed()", context) !== true) {
          throw new Error('the patch layer is not installed');
        }
      }
      for (const name of job.harness) script(join(init.checkout, 'harness', name), `harness/${name}`).runInContext(context);
      test.runInContext(context, { timeout: init.timeoutMs });
    } catch (error) {
      threw(error);
      return;
    }
    if (!job.async) complete();
  });
}

process.on('message', (message: WorkerMessage) => {
  if (message.type !== 'job') return;
  void run(message.job).then(async (outcome) => {
    // The job's leftover promise jobs run before the next job starts.
    await new Promise((resolve) => setImmediate(resolve));
    process.send?.({ type: 'outcome', id: message.job.id, outcome });
  });
});
process.send?.({ type: 'ready' });
