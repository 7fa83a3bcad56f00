// Shared by the suite's files: which runtime this is, errors in Node's shape,
// and child processes for what must not run in the runner. What the runtime
// can do (its profile) is capabilities.ts's.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const g = globalThis as { Bun?: { gc(full: boolean): void; version: string }; Deno?: { version: { deno: string } }; gc?: () => void };

/** The runtime running the suite. */
export const runtime: 'node' | 'bun' | 'deno' = g.Bun ? 'bun' : g.Deno ? 'deno' : 'node';

/**
 * Whether this process is a child running one scenario (children.ts). A child
 * starts no other: a probe or a test started in one would start its own
 * children, and they theirs.
 */
const inChild = Boolean((globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_PARITY_CHILD);

function refuseInChild(scenario: string): void {
  if (inChild) throw new Error(`helpers.ts: a child process (${process.env.NODE_PARITY_CHILD}) may not start another (${scenario})`);
}

/** What a call threw, in the parts Node's tests check: the error's class name, code and message. */
export interface Thrown {
  name: string;
  code: unknown;
  message: string;
}

export function thrownBy(fn: () => unknown): Thrown | 'returned' {
  try {
    fn();
  } catch (error) {
    const e = error as { name?: unknown; code?: unknown; message?: unknown };
    return { name: String(e.name), code: e.code, message: String(e.message) };
  }
  return 'returned';
}

/** Resolves in a setImmediate callback: a fresh macrotask, with its own execution id on Node. */
export function immediate<T>(fn: () => T): Promise<T> {
  return new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(fn());
      } catch (error) {
        reject(error);
      }
    }),
  );
}

/** A settled-later promise and the functions that settle it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A full garbage collection: `gc` where exposed (a child run with --expose-gc), Bun's own otherwise. */
export function collectGarbage(): void {
  if (typeof g.gc === 'function') g.gc();
  else if (g.Bun) g.Bun.gc(true);
  else throw new Error('no gc() here: run with --expose-gc');
}

// ---------------------------------------------------------------------------
// Child processes: the same bundle, run again by the same runtime, with
// NODE_PARITY_CHILD naming the scenario to run instead of the suite
// (children.ts). For what would take the runner down with it (a process that
// aborts), what needs a flag (--expose-gc), and process-wide handlers.

export interface ChildRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** What the scenario reported on its CHILD-RESULT line; undefined when there was none. */
  result: unknown;
}

/** This bundle's own file: the child runs it again. */
const bundleFile = fileURLToPath(import.meta.url);

function childArgs(gc: boolean): string[] {
  if (runtime === 'bun') return ['run', bundleFile];
  if (runtime === 'deno') {
    return ['run', '--no-prompt', '--no-config', '--no-lock', '--allow-env', '--allow-net=127.0.0.1', ...(gc ? ['--v8-flags=--expose-gc'] : []), bundleFile];
  }
  return [...(gc ? ['--expose-gc'] : []), bundleFile];
}

export const CHILD_RESULT = 'CHILD-RESULT ';

/** Runs `scenario` (`name` or `name:argument`) in a child process of this runtime. */
export function runChild(scenario: string, options: { gc?: boolean; timeoutMs?: number } = {}): Promise<ChildRun> {
  refuseInChild(scenario);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(options.gc ?? false), {
      env: { ...process.env, NODE_PARITY_CHILD: scenario },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(CHILD_RESULT));
      resolve({ code, signal, stdout, stderr, result: line === undefined ? undefined : JSON.parse(line.slice(CHILD_RESULT.length)) });
    });
  });
}

/** runChild's result, waited for: for what the suite needs to know before it registers its tests. */
export function runChildSync(scenario: string, options: { gc?: boolean; timeoutMs?: number } = {}): ChildRun {
  refuseInChild(scenario);
  const child = spawnSync(process.execPath, childArgs(options.gc ?? false), {
    env: { ...process.env, NODE_PARITY_CHILD: scenario },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
  });
  const stdout = child.stdout ?? '';
  const line = stdout.split('\n').find((l) => l.startsWith(CHILD_RESULT));
  return { code: child.status, signal: child.signal, stdout, stderr: child.stderr ?? '', result: line === undefined ? undefined : JSON.parse(line.slice(CHILD_RESULT.length)) };
}

/** The end of a child's output, for a failure message. */
export function childOutput(run: ChildRun): string {
  const text = `${run.stderr}\n${run.stdout}`.trim();
  return text.length > 1500 ? `…${text.slice(-1500)}` : text;
}
