// The three engines as the bench drives them, each behind one function that
// opens a fresh page: Chromium and Firefox ESR from Debian through Playwright;
// WebKit (WebKitGTK's MiniBrowser) through WebKitWebDriver with
// selenium-webdriver, under an Xvfb of its own.
//
// Every child process is started in a process group of its own and killed as
// a group at the end, on failure too.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, firefox, type Browser, type Page } from 'playwright-core';
import { Builder, Capabilities, type WebDriver } from 'selenium-webdriver';
import { chromiumArgs, chromiumPath, firefoxPath } from '../test/engines/debian-browsers.js';
import { freePort } from '../test/runtimes/workerd.js';


export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

const miniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const webDriver = '/usr/bin/WebKitWebDriver';
const xvfb = '/usr/bin/Xvfb';

/** A page in a fresh document: `goto`, then evaluate expressions (their promises awaited). */
export interface BenchPage {
  goto(url: string): Promise<void>;
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T>;
  /** Errors the page reported (Playwright engines only: WebDriver cannot listen). */
  errors: string[];
}

export interface EngineSession {
  version: string;
  /** A page in a fresh browsing context (Playwright) or a new document (WebKit); closed after `fn`. */
  withPage<T>(fn: (page: BenchPage) => Promise<T>): Promise<T>;
  /** Playwright's page for CDP (Chromium only). */
  playwright?: Browser;
  close(): Promise<void>;
}

function timeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] });
}

async function playwrightSession(engine: 'chromium' | 'firefox'): Promise<EngineSession> {
  const browser =
    engine === 'chromium' ? await launchChromium() : await firefox.launch({ channel: 'moz-firefox', executablePath: firefoxPath });
  return {
    version: `${engine === 'chromium' ? 'Chromium' : 'Firefox'} ${browser.version()}`,
    playwright: browser,
    async withPage(fn) {
      const context = await browser.newContext();
      try {
        const page: Page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(String(error)));
        return await fn({
          errors,
          goto: async (url) => void (await page.goto(url)),
          evaluate: (expression, ms = 300_000) => timeout(page.evaluate(expression), ms, 'page.evaluate'),
        });
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

// ------------------------------------------------------------------ WebKit

function startGroup(command: string, args: string[], env: NodeJS.ProcessEnv, extraFd = false): ChildProcess {
  return spawn(command, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe', ...(extraFd ? (['pipe'] as const) : [])] });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function startXvfb(children: ChildProcess[]): Promise<string> {
  const child = startGroup(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], process.env, true);
  children.push(child);
  return timeout(
    new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdio[3]!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(`:${out.trim()}`);
      });
      child.once('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
    }),
    10_000,
    'starting Xvfb',
  );
}


async function startDriver(display: string, children: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const child = startGroup(webDriver, [`--port=${port}`, '--host=local'], { ...process.env, DISPLAY: display });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('WebKitWebDriver exited');
    try {
      if ((await fetch(`${base}/status`, { signal: AbortSignal.timeout(2000) })).ok) return base;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer on ${base}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function webkitVersion(): string {
  try {
    return `WebKitGTK ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' }).trim()}`;
  } catch {
    return 'WebKitGTK';
  }
}

async function webkitSession(): Promise<EngineSession> {
  for (const path of [xvfb, webDriver, miniBrowser]) if (!existsSync(path)) throw new Error(`${path} is missing (scripts/ensure-browsers.sh)`);
  const children: ChildProcess[] = [];
  const killAll = () => children.forEach(killGroup);
  process.once('exit', killAll);
  let driver: WebDriver | undefined;
  try {
    const base = await startDriver(await startXvfb(children), children);
    const capabilities = new Capabilities()
      .setBrowserName('MiniBrowser')
      .set('webkitgtk:browserOptions', { binary: miniBrowser, args: ['--automation'] })
      .setPageLoadStrategy('normal');
    driver = await timeout(new Builder().usingServer(base).withCapabilities(capabilities).build(), 60_000, 'WebKit session');
    const session = driver;
    return {
      version: webkitVersion(),
      async withPage(fn) {
        // One window, a new document per page: a fresh realm, nothing of the previous one left.
        return fn({
          errors: [],
          goto: async (url) => {
            await session.manage().setTimeouts({ pageLoad: 60_000 });
            await session.get(url);
          },
          async evaluate<T>(expression: string, ms = 300_000): Promise<T> {
            await session.manage().setTimeouts({ script: ms });
            const envelope = (await session.executeAsyncScript(
              `const done = arguments[arguments.length - 1];
               Promise.resolve().then(() => (${expression})).then(
                 (value) => done({ ok: true, value: value === undefined ? null : value }),
                 (e) => done({ ok: false, message: e instanceof Error ? e.name + ': ' + e.message : String(e) }));`,
            )) as { ok: boolean; value?: T; message?: string };
            if (!envelope.ok) throw new Error(envelope.message);
            return envelope.value as T;
          },
        });
      },
      async close() {
        try {
          await timeout(session.quit(), 20_000, 'WebKit quit');
        } finally {
          killAll();
          process.off('exit', killAll);
        }
      },
    };
  } catch (error) {
    killAll();
    process.off('exit', killAll);
    throw error;
  }
}

export function openEngine(engine: Engine): Promise<EngineSession> {
  return engine === 'webkit' ? webkitSession() : playwrightSession(engine);
}
