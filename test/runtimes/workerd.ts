import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { Manifest } from '../portable/manifest.js';
import type { Report } from '../portable/run.js';
import { start } from './processes.js';

// Serves a suite's bundle (target 'workerd': a module worker whose fetch
// answers the manifest at /manifest and runs the suite at /) from `workerd
// serve`, on a free port of 127.0.0.1, fetches both once and stops workerd.

/**
 * The compatibility settings of the worker. `nodejs_compat` with a date from
 * 2024-09-23 on gives the worker a `process` with `getBuiltinModule`, which is
 * how taskcontext finds AsyncLocalStorage (before that date `process` is
 * undefined, and only `import 'node:async_hooks'` reaches it). From 2026-08-04
 * on nodejs_compat is the default and workerd warns that the flag is redundant.
 */
export const compatibilityDate = '2026-08-01';
export const compatibilityFlags = ['nodejs_compat'];

/** A `Workerd.Config` with one worker (the bundle, embedded) and one HTTP socket. */
export function workerdConfig(bundleFile: string, port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "contract", worker = .contractWorker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "contract")],
);

const contractWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed ${JSON.stringify(bundleFile)})],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  compatibilityFlags = [${compatibilityFlags.map((flag) => JSON.stringify(flag)).join(', ')}],
);
`;
}

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The uncaught errors workerd logged (`uncaught exception; source = Uncaught; stack = …`): errors
 * thrown by a timer or a listener, which reach no `error` event in the worker.
 */
export function uncaughtIn(log: string): string[] {
  return [...log.matchAll(/uncaught exception; source = ([^;]+); stack = ([^\n]*)/g)].map(([, source, first]) => `${source}: ${first}`);
}

const describeAll = ({ stdout, stderr }: { stdout: string; stderr: string }) => `${stderr}\n${stdout}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the bundle at `bundlePath` in workerd and returns the manifest and the
 * report its fetch answers. workerd is killed (its whole process group) however this ends.
 */
export async function runInWorkerd(workerd: string, bundlePath: string, timeoutMs: number): Promise<{ manifest: Manifest; report: Report }> {
  const port = await freePort();
  const configPath = join(dirname(bundlePath), `${basename(bundlePath, '.mjs')}.capnp`);
  writeFileSync(configPath, workerdConfig(basename(bundlePath), port));
  // --verbose: workerd reports an error thrown by a timer or listener only in its log, at level info.
  const proc = start(workerd, ['serve', '--verbose', configPath], { cwd: dirname(bundlePath) });
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  const deadline = Date.now() + timeoutMs;
  const describeExit = () => {
    const { stdout, stderr } = proc.output();
    return `${stderr}${stdout}`.trim().slice(-2000) || '(no output)';
  };
  const get = async (path: string): Promise<unknown> => {
    // workerd says nothing when it listens: ask until it answers (the suite runs inside the request to /).
    for (;;) {
      if (exitedEarly) throw new Error(`workerd exited before answering: ${describeExit()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`workerd gave no report within ${timeoutMs} ms: ${describeExit()}`);
      let response: Response;
      try {
        response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(left) });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause;
        if (cause?.code === 'ECONNREFUSED') {
          await sleep(100);
          continue;
        }
        throw new Error(`fetching the report from workerd failed: ${String(error)}; workerd said: ${describeExit()}`);
      }
      const text = await response.text();
      if (!response.ok) throw new Error(`workerd answered ${response.status}: ${text.slice(0, 2000)}; workerd said: ${describeExit()}`);
      return JSON.parse(text) as unknown;
    }
  };
  try {
    const manifest = (await get('/manifest')) as Manifest;
    const report = (await get('/')) as Report;
    for (const error of uncaughtIn(describeAll(proc.output()))) {
      report.failed++;
      report.failures.push({ name: 'uncaught error (from the workerd log)', error });
    }
    return { manifest, report };
  } finally {
    await proc.stop();
  }
}
