import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Runs a Metro bundle (a classic script) on an engine with a minimal host:
// `print`, and `setTimeout` where the engine has none. Resolves with what the
// script printed, once it printed `until` or nothing is left to run.

const require = createRequire(import.meta.url);

const platformDir = process.platform === 'darwin' ? 'osx-bin' : process.platform === 'win32' ? 'win64-bin' : 'linux64-bin';
/** The Hermes VM of hermes-engine-cli 0.12.0 (async functions native; classes, async arrows, for await not). */
export const hermesBinary = join(dirname(require.resolve('hermes-engine-cli/package.json')), platformDir, `hermes${process.platform === 'win32' ? '.exe' : ''}`);

/**
 * Hermes' CLI VM with its microtask queue, as React Native runs it. It has
 * print() and a setTimeout (which runs callbacks in order, ignoring delays:
 * enough for a trace that only asks which task it is in).
 */
export function runInHermes(code: string, file: string, timeoutMs = 20_000): Promise<string[]> {
  writeFileSync(file, code);
  return new Promise((resolve, reject) => {
    execFile(hermesBinary, ['-Xmicrotask-queue', file], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`hermes failed: ${error.message}\n${stderr}\n${stdout}`.slice(0, 4000)));
      else resolve(stdout.split('\n').filter((line) => line !== ''));
    });
  });
}

/**
 * QuickJS (Bellard's, quickjs-emscripten's synchronous release build) in this
 * process. Its `await` takes the engine's own path to the promise's
 * reactions, never the patched Promise.prototype.then. setTimeout is a Node
 * timer that calls into the VM and then runs its pending jobs.
 */
export async function runInQuickJS(code: string, until: string, timeoutMs = 20_000): Promise<string[]> {
  const { getQuickJS } = await import('quickjs-emscripten');
  const vm = (await getQuickJS()).newContext();
  const lines: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let finish!: (problem?: string) => void;
  const finished = new Promise<string | undefined>((resolve) => (finish = resolve));
  const drain = () => {
    for (;;) {
      const jobs = vm.runtime.executePendingJobs();
      if (jobs.error) {
        lines.push(`UNCAUGHT ${JSON.stringify(vm.dump(jobs.error))}`);
        jobs.error.dispose();
        continue;
      }
      if (jobs.value === 0) break;
    }
    if (timers.size === 0) finish();
  };
  const print = vm.newFunction('print', (...args) => {
    const line = args.map((arg) => vm.getString(arg)).join(' ');
    lines.push(line);
    if (line === until) finish();
  });
  vm.setProp(vm.global, 'print', print);
  print.dispose();
  const setTimeoutFn = vm.newFunction('setTimeout', (fn, ms) => {
    const callback = fn.dup();
    const timer = setTimeout(() => {
      timers.delete(timer);
      const result = vm.callFunction(callback, vm.undefined);
      callback.dispose();
      if (result.error) {
        lines.push(`UNCAUGHT ${JSON.stringify(vm.dump(result.error))}`);
        result.error.dispose();
      } else result.value.dispose();
      drain();
    }, vm.typeof(ms) === 'number' ? vm.getNumber(ms) : 0);
    timers.add(timer);
    return vm.newNumber(timers.size);
  });
  vm.setProp(vm.global, 'setTimeout', setTimeoutFn);
  setTimeoutFn.dispose();
  const overall = setTimeout(() => finish(`no ${until} within ${timeoutMs} ms`), timeoutMs);
  const result = vm.evalCode(code, 'bundle.js');
  if (result.error) {
    const error = vm.dump(result.error) as unknown;
    result.error.dispose();
    finish(`the bundle threw: ${JSON.stringify(error)}`);
  } else {
    result.value.dispose();
    drain();
  }
  const problem = await finished;
  clearTimeout(overall);
  for (const timer of timers) clearTimeout(timer);
  // The context is not disposed: callbacks still scheduled hold handles, and
  // QuickJS asserts when a context with live objects is freed.
  if (problem) throw new Error(`QuickJS: ${problem}\n${lines.join('\n')}`);
  return lines;
}
