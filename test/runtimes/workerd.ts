import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { Report } from '../portable/run.js';
import { start } from './processes.js';

// Serves the contract bundle (target 'workerd': a module worker whose fetch runs
// the suite and answers with the report) from `workerd serve`, on a free port of
// 127.0.0.1, fetches the report once and stops workerd.

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the bundle at `bundlePath` in workerd and returns the report its fetch
 * answers. workerd is killed (its whole process group) however this ends.
 */
export async function runInWorkerd(workerd: string, bundlePath: string, timeoutMs: number): Promise<Report> {
  const port = await freePort();
  const configPath = join(dirname(bundlePath), 'contract-workerd.capnp');
  writeFileSync(configPath, workerdConfig(basename(bundlePath), port));
  const proc = start(workerd, ['serve', configPath], { cwd: dirname(bundlePath) });
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  const deadline = Date.now() + timeoutMs;
  const describeExit = () => {
    const { stdout, stderr } = proc.output();
    return `${stderr}${stdout}`.trim().slice(-2000) || '(no output)';
  };
  try {
    // workerd says nothing when it listens: ask until it answers (the suite runs inside that one request).
    for (;;) {
      if (exitedEarly) throw new Error(`workerd exited before answering: ${describeExit()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`workerd gave no report within ${timeoutMs} ms: ${describeExit()}`);
      let response: Response;
      try {
        response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(left) });
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
      return JSON.parse(text) as Report;
    }
  } finally {
    await proc.stop();
  }
}
