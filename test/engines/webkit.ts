import { existsSync } from 'node:fs';
import { Builder, Origin, type WebDriver } from 'selenium-webdriver';
import type { Manifest } from '../portable/manifest.js';
import type { Report } from '../portable/run.js';
import { start, type Spawned } from '../runtimes/processes.js';
import { freePort } from '../runtimes/workerd.js';

// WebKit, the engine of Safari. Playwright's own WebKit build cannot be had
// here, so this drives Debian's WebKitGTK instead: MiniBrowser in automation
// mode, under Xvfb, through WebKitWebDriver (package webkit2gtk-driver), with
// selenium-webdriver as the W3C WebDriver client. Xvfb and WebKitWebDriver
// (which starts MiniBrowser and its web and network processes) are started
// here, each in a process group of its own (test/runtimes/processes.ts), and
// killed as a group when the page is done, on failure and on exit too.

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
  /** A mouse click at viewport coordinates, through WebDriver's actions (a trusted event). */
  click(x: number, y: number): Promise<void>;
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function said(proc: Spawned): string {
  const { stdout, stderr } = proc.output();
  return `${stderr}${stdout}`.trim().slice(-2000) || '(no output)';
}

/** Xvfb on a display it picks itself (-displayfd, written to stdout): no race with other X servers. */
async function startXvfb(): Promise<{ proc: Spawned; display: string }> {
  const proc = start(xvfb, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp']);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = /^(\d+)\n/.exec(proc.output().stdout);
    if (line) return { proc, display: `:${line[1]}` };
    if (proc.child.exitCode !== null || Date.now() > deadline) {
      await proc.stop();
      throw new Error(`starting Xvfb failed: ${said(proc)}`);
    }
    await sleep(20);
  }
}

/** WebKitWebDriver on a free port, once it answers /status. Retries if the port was taken meanwhile. */
async function startDriver(display: string): Promise<{ proc: Spawned; url: string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc = start(webDriver, [`--port=${port}`, '--host=local'], { env: { ...process.env, DISPLAY: display } });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    try {
      for (;;) {
        if (proc.child.exitCode !== null) throw new Error(`WebKitWebDriver exited: ${said(proc)}`);
        const ready = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
        if (ready) return { proc, url };
        if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${url}: ${said(proc)}`);
        await sleep(100);
      }
    } catch (error) {
      lastError = error;
      await proc.stop();
    }
  }
  throw lastError;
}

/**
 * The script for executeAsyncScript. The page-side code resolves with an
 * envelope, so that a page error comes back with its name and stack, and an
 * undefined value is told from a null one.
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

/** A session in MiniBrowser, or an error once `sessionTimeoutMs` has passed (the caller then kills the driver). */
async function newSession(url: string): Promise<WebDriver> {
  const driver = new Builder()
    .disableEnvironmentOverrides()
    .usingServer(url)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser, args: ['--automation'] },
      pageLoadStrategy: 'normal',
      timeouts: { script: commandTimeoutMs, pageLoad: commandTimeoutMs, implicit: 0 },
    })
    .build();
  // If the deadline wins, the pending session request fails once the driver is killed: nobody must hear it.
  driver.catch(() => undefined);
  await timeout(driver.getSession(), sessionTimeoutMs, 'creating a WebKit session');
  return driver;
}

/**
 * Starts Xvfb, WebKitWebDriver and MiniBrowser, hands `fn` one page, and
 * tears everything down afterwards, whatever happened.
 */
export async function withWebKitPage<T>(fn: (page: WebKitPage) => Promise<T>): Promise<T> {
  for (const [path, pkg] of [[xvfb, 'xvfb'], [webDriver, 'webkit2gtk-driver'], [miniBrowser, 'libwebkit2gtk-4.1-0']]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package ${pkg} (scripts/ensure-browsers.sh)`);
  }
  let x: Spawned | undefined;
  let server: Spawned | undefined;
  let driver: WebDriver | undefined;
  try {
    const screen = await startXvfb();
    x = screen.proc;
    const started = await startDriver(screen.display);
    server = started.proc;
    const session = await newSession(started.url);
    driver = session;
    let scriptTimeout = commandTimeoutMs;
    const page: WebKitPage = {
      async goto(url) {
        await timeout(session.get(url), commandTimeoutMs + 5000, `WebKit: opening ${url}`);
      },
      async evaluate<R>(script: string, ms = commandTimeoutMs): Promise<R> {
        if (ms !== scriptTimeout) {
          await session.manage().setTimeouts({ script: ms });
          scriptTimeout = ms;
        }
        const result = await timeout(
          session.executeAsyncScript<{ threw: boolean; value?: R; thrown?: string }>(asyncBody(script)),
          ms + 5000,
          'WebKit: evaluating a script',
        );
        if (result.threw) throw new Error(`in the page: ${result.thrown}`);
        return result.value as R;
      },
      async click(x, y) {
        const actions = session.actions({ async: true }).move({ x, y, origin: Origin.VIEWPORT }).press().release();
        await timeout(actions.perform(), commandTimeoutMs, 'WebKit: clicking');
      },
    };
    return await fn(page);
  } finally {
    if (driver) await timeout(driver.quit(), 10_000, 'closing the WebKit session').catch(() => undefined);
    await server?.stop();
    await x?.stop();
  }
}

/**
 * Opens `url` in WebKit and returns the manifest and the report the page
 * publishes (window.__contractManifest, and window.__contractReport, a promise of a Report).
 */
export async function runInWebKit(url: string, timeoutMs: number): Promise<{ manifest?: Manifest; report: Report }> {
  return withWebKitPage(async (page) => {
    await page.goto(url);
    // Polls in the page until the bundle has published its report, then awaits it.
    return page.evaluate<{ manifest?: Manifest; report: Report }>(
      `new Promise((resolve, reject) => {
        const deadline = Date.now() + ${Number(timeoutMs)};
        const poll = () => {
          if ('__contractReport' in window) return resolve(Promise.resolve(window.__contractReport).then((report) => ({ manifest: window.__contractManifest, report })));
          if (Date.now() > deadline) return reject(new Error('no window.__contractReport after ${Number(timeoutMs)} ms'));
          setTimeout(poll, 50);
        };
        poll();
      })`,
      timeoutMs + 5000,
    );
  });
}
