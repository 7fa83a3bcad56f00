import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Report } from '../portable/run.js';

// WebKit, the engine of Safari. Playwright's own WebKit build cannot be had
// here, so this drives Debian's WebKitGTK instead: MiniBrowser in automation
// mode, under Xvfb, through WebKitWebDriver (package webkit2gtk-driver), with
// the few W3C WebDriver commands we need spoken over fetch. (The `webdriver`
// package from npm works too, but brings ~125 packages, among them driver
// downloaders with install scripts, for a handful of HTTP requests.)
//
// Every child (Xvfb; WebKitWebDriver, which starts MiniBrowser and its web and
// network processes in its own process group) is started in a process group of
// its own and killed as a group when the page is done, on failure too, and on
// process exit or SIGINT/SIGTERM/SIGHUP while a page is open.

const miniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const webDriver = '/usr/bin/WebKitWebDriver';
const xvfb = '/usr/bin/Xvfb';

/** Session creation starts MiniBrowser: generous, but bounded. */
const sessionTimeoutMs = 60_000;
/** Every other command, unless the caller gives its own. */
const commandTimeoutMs = 30_000;

export interface WebKitPage {
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /**
   * Evaluates `script`, the source of a JavaScript expression, in the page and
   * returns its value, awaited when it is a promise. It must be JSON-like (the
   * value WebDriver hands back). A throw or rejection in the page rejects here.
   */
  evaluate<T>(script: string, timeoutMs?: number): Promise<T>;
}

// ---------------------------------------------------------------- processes

const live = new Set<ChildProcess>();
/** The tail of each child's stderr, for error messages. */
const stderrTails = new WeakMap<ChildProcess, string>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function onExit(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
}

function onSignal(signal: NodeJS.Signals): void {
  onExit();
  unhookSignals();
  process.kill(process.pid, signal);
}

const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function hookSignals(): void {
  if (live.size > 0) return;
  process.on('exit', onExit);
  for (const s of signals) process.on(s, onSignal);
}

function unhookSignals(): void {
  process.off('exit', onExit);
  for (const s of signals) process.off(s, onSignal);
}

function forget(child: ChildProcess): void {
  live.delete(child);
  if (live.size === 0) unhookSignals();
}

/** Starts `command` as the leader of a new process group, tracked until stopped. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv, extraFds = 0): ChildProcess {
  const stdio: Array<'ignore' | 'pipe'> = ['ignore', 'ignore', 'pipe', ...Array<'pipe'>(extraFds).fill('pipe')];
  hookSignals();
  const child = spawn(command, args, { env, stdio, detached: true });
  live.add(child);
  child.on('exit', () => forget(child));
  child.on('error', () => forget(child));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTails.set(child, ((stderrTails.get(child) ?? '') + chunk.toString()).slice(-2000));
  });
  return child;
}

function stderrOf(child: ChildProcess): string {
  return (stderrTails.get(child) ?? '').trim();
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to the whole group, then SIGKILL after `graceMs`. */
async function stop(child: ChildProcess | undefined, graceMs = 3000): Promise<void> {
  if (!child) return;
  killGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([exited(child), late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    killGroup(child, 'SIGKILL');
    await exited(child);
  }
  // The leader may be gone while others in its group (MiniBrowser, its web
  // and network processes) linger: kill them, and wait until the group is empty.
  if (child.pid !== undefined) {
    const deadline = Date.now() + graceMs;
    for (;;) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        break; // ESRCH: no process left in the group.
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  forget(child);
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** Xvfb on a display it picks itself (-displayfd): no race with other X servers. */
async function startXvfb(): Promise<{ child: ChildProcess; display: string }> {
  const child = start(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], process.env, 1);
  try {
    const display = await timeout(
      new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdio[3]!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(`:${out.trim()}`);
        });
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderrOf(child)}`)));
      }),
      10_000,
      'starting Xvfb',
    );
    return { child, display };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** WebKitWebDriver on a free port, once it answers /status. Retries if the port was taken meanwhile. */
async function startDriver(display: string): Promise<{ child: ChildProcess; base: string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = start(webDriver, [`--port=${port}`, '--host=local'], { ...process.env, DISPLAY: display });
    const base = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`WebKitWebDriver exited: ${stderrOf(child)}`);
        try {
          const res = await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) return { child, base };
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${base}: ${stderrOf(child)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } catch (error) {
      lastError = error;
      await stop(child);
    }
  }
  throw lastError;
}

// ---------------------------------------------------------------- WebDriver

class WebDriverError extends Error {}

async function command<T>(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body: unknown, ms: number): Promise<T> {
  const what = `WebDriver ${method} ${path.replace(/^\/session\/[^/]+/, '/session/{id}')}`;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(ms),
    });
  } catch (error) {
    const name = (error as Error).name;
    throw new WebDriverError(name === 'TimeoutError' ? `${what}: no answer within ${ms} ms` : `${what}: ${String(error)}`);
  }
  const text = await res.text();
  let json: { value?: unknown };
  try {
    json = JSON.parse(text) as { value?: unknown };
  } catch {
    throw new WebDriverError(`${what}: HTTP ${res.status}, not JSON: ${text.slice(0, 500)}`);
  }
  const value = json.value as { error?: string; message?: string } | null | undefined;
  if (!res.ok || (value && typeof value === 'object' && typeof value.error === 'string')) {
    throw new WebDriverError(`${what}: ${value?.error ?? `HTTP ${res.status}`}: ${value?.message ?? text.slice(0, 500)}`);
  }
  return json.value as T;
}

/**
 * The body for POST /execute/async. The page-side code resolves with an
 * envelope, so that a page error comes back with its name and stack, and an
 * undefined value is told from a null one. (Not `error`: a WebDriver error
 * answer has that key.)
 */
function asyncBody(script: string): string {
  return `const __done = arguments[arguments.length - 1];
const __fail = (e) => __done({ threw: true, thrown: e instanceof Error ? (e.name + ': ' + e.message + (e.stack ? '\\n' + e.stack : '')) : String(e) });
try {
  Promise.resolve((
${script}
  )).then((value) => __done({ threw: false, value: value === undefined ? null : value }), __fail);
} catch (e) {
  __fail(e);
}`;
}

/**
 * Starts Xvfb, WebKitWebDriver and MiniBrowser, hands `fn` one page, and
 * tears everything down afterwards, whatever happened.
 */
export async function withWebKitPage<T>(fn: (page: WebKitPage) => Promise<T>): Promise<T> {
  for (const [path, pkg] of [[xvfb, 'xvfb'], [webDriver, 'webkit2gtk-driver'], [miniBrowser, 'libwebkit2gtk-4.1-0']]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package ${pkg} (scripts/ensure-browsers.sh)`);
  }
  let x: ChildProcess | undefined;
  let driver: ChildProcess | undefined;
  let base: string | undefined;
  let session: string | undefined;
  try {
    const server = await startXvfb();
    x = server.child;
    ({ child: driver, base } = await startDriver(server.display));
    const created = await command<{ sessionId: string }>(
      base,
      'POST',
      '/session',
      {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
            pageLoadStrategy: 'normal',
            timeouts: { script: commandTimeoutMs, pageLoad: commandTimeoutMs, implicit: 0 },
          },
        },
      },
      sessionTimeoutMs,
    );
    session = created.sessionId;
    const at = `/session/${session}`;
    const driverBase = base;
    let scriptTimeout = commandTimeoutMs;
    const page: WebKitPage = {
      async goto(url) {
        await command(driverBase, 'POST', `${at}/url`, { url }, commandTimeoutMs + 5000);
      },
      async evaluate<R>(script: string, ms = commandTimeoutMs): Promise<R> {
        if (ms !== scriptTimeout) {
          await command(driverBase, 'POST', `${at}/timeouts`, { script: ms }, commandTimeoutMs);
          scriptTimeout = ms;
        }
        const result = await command<{ threw: boolean; value?: R; thrown?: string }>(
          driverBase,
          'POST',
          `${at}/execute/async`,
          { script: asyncBody(script), args: [] },
          ms + 5000,
        );
        if (result.threw) throw new Error(`in the page: ${result.thrown}`);
        return result.value as R;
      },
    };
    return await fn(page);
  } finally {
    if (base && session) {
      await command(base, 'DELETE', `/session/${session}`, undefined, 10_000).catch(() => undefined);
    }
    await stop(driver);
    await stop(x);
  }
}

/**
 * Opens `url` in WebKit and returns the contract report the page publishes
 * (window.__contractReport, a promise of a Report).
 */
export async function runInWebKit(url: string, timeoutMs: number): Promise<Report> {
  return withWebKitPage(async (page) => {
    await page.goto(url);
    // Polls in the page until the bundle has published its report, then awaits it.
    return page.evaluate<Report>(
      `new Promise((resolve, reject) => {
        const deadline = Date.now() + ${Number(timeoutMs)};
        const poll = () => {
          if ('__contractReport' in window) return resolve(window.__contractReport);
          if (Date.now() > deadline) return reject(new Error('no window.__contractReport after ${Number(timeoutMs)} ms'));
          setTimeout(poll, 50);
        };
        poll();
      })`,
      timeoutMs + 5000,
    );
  });
}
