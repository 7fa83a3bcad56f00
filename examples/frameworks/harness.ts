import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { Browser } from '@playwright/test';
import { run, start, type Spawned } from '../../test/runtimes/processes.js';
import { freePort } from '../../test/runtimes/workerd.js';

// What examples/frameworks/run.ts does with each app: install it (cached by
// its lock file), build it with the framework's own CLI, serve it, send
// concurrent requests that each carry their own id, and click twice in
// Chromium. Every app shows the same markers, so one set of checks fits all:
//   <output data-check="PLACE">ID</output>   a server-side place, after its awaits
//   GET api → {"api": ID}                    a server route, after its awaits
//   button[data-click=a] (slow) and [data-click=b] (fast), [data-ready="true"] once hydrated,
//   [data-clicks] = {"a": "a a a a", …}       each click's value after fetch, in a timer, after it, at the state update

export const root = join(import.meta.dirname, '..', '..');
export const cacheDir = join(root, '.cache', 'frameworks');
/** Where the apps' package.json files point (`file:../../.cache/pack/taskcontext.tgz`). */
export const tarball = join(root, '.cache', 'pack', 'taskcontext.tgz');

/** A way to serve an app: optional build commands, then a server. */
export interface Mode {
  /** As reported: 'build', 'build --webpack', 'dev'. */
  name: string;
  /** Commands run to the end before serving (each an argv; `npx` names the app's own bins). */
  build: string[][];
  /** The server's argv; `{port}` is replaced. PORT and HOST are set too. */
  serve: string[];
  env?: Record<string, string>;
  /** How long the first page may take (a dev server compiles it then). */
  warmupMs?: number;
  /** What the build writes, removed before it (a failed build must not leave the last one to be served). */
  outputs?: string[];
  /** Negatives run in `npm test` besides the wrapper one of each app's first mode (cheap where no build is needed: a dev server reads its config at start). */
  negatives?: ('plugin' | 'wrapper')[];
}

export interface App {
  name: string;
  dir: string;
  /** SvelteKit, Astro and Nuxt need a newer Node than the host's 20. */
  node: 'host' | 'node24';
  /** The page, and every server-side place it must show. */
  page: string;
  places: string[];
  /** A server route answering {"api": id}. */
  api: string;
  modes: Mode[];
}

export type Outcome = { ok: true; detail: string } | { ok: false; detail: string };

/** One check's result, as the runner reports and counts it. */
export interface Result {
  name: string;
  ok: boolean;
  detail: string;
  /** A negative check passes when the positive one it mirrors fails. */
  negative: boolean;
}

const log = (line: string): void => console.log(`[frameworks] ${line}`);
export { log };

const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex').slice(0, 16);

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/** The environment an app's commands run in: its Node first on PATH, no telemetry, no colours. */
export function envFor(app: App, node24: string | undefined, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = app.node === 'node24' && node24 ? `${dirname(node24)}${delimiter}${process.env.PATH ?? ''}` : (process.env.PATH ?? '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: path,
    NEXT_TELEMETRY_DISABLED: '1',
    ASTRO_TELEMETRY_DISABLED: '1',
    NUXT_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    CI: 'true', // no prompts (Nuxt asks about telemetry, Astro about updates)
    ...extra,
  };
  // Variables of the runner's own npm script would leak into the app's npm and Vite.
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  // The runner may be started as a step of a Vitest or Next run; the apps are not.
  delete env.NODE_ENV;
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs `argv` in the app's folder, its output into a log file; throws with the log's tail on failure. */
export async function step(app: App, what: string, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const logFile = join(cacheDir, 'logs', `${app.name}-${what.replace(/[^\w.-]+/g, '_')}.log`);
  mkdirSync(dirname(logFile), { recursive: true });
  const [command, ...args] = argv;
  const finished = await run(command!, args, { cwd: app.dir, env, timeoutMs });
  writeFileSync(logFile, `$ ${argv.join(' ')}\n${finished.stdout}\n${finished.stderr}`);
  if (finished.code !== 0 || finished.timedOut) {
    const tail = `${finished.stdout}\n${finished.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`${app.name}: '${argv.join(' ')}' ${finished.timedOut ? `timed out after ${timeoutMs / 1000} s` : `exited ${finished.code ?? finished.signal}`} (log: ${logFile}):\n${tail}`);
  }
}

interface Stamp {
  lock: string;
  node: string;
  tarball: string;
}

/**
 * `npm ci` unless node_modules was installed from the same lock file with the
 * same Node; then the packed taskcontext unpacked over node_modules/taskcontext
 * whenever it changed (a cached install would keep the last run's). Returns
 * what it did.
 */
export async function install(app: App, env: NodeJS.ProcessEnv, nodeVersion: string): Promise<'npm ci' | 'taskcontext unpacked' | 'cached'> {
  const stampFile = join(app.dir, 'node_modules', '.taskcontext-example.json');
  const want: Stamp = { lock: sha(readFileSync(join(app.dir, 'package-lock.json'))), node: nodeVersion, tarball: sha(readFileSync(tarball)) };
  let had: Partial<Stamp> = {};
  try {
    had = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
  } catch {
    // not installed yet
  }
  const fresh = had.lock !== want.lock || had.node !== want.node;
  if (fresh) {
    // The lock names taskcontext without an integrity: the tarball changes with every build of src/.
    await step(app, 'npm-ci', ['npm', 'ci', '--no-audit', '--no-fund', '--loglevel=error'], env, 600_000);
  }
  const unpack = fresh || had.tarball !== want.tarball;
  if (unpack) {
    const target = join(app.dir, 'node_modules', 'taskcontext');
    const unpacked = join(app.dir, 'node_modules', '.taskcontext-unpacked');
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked);
    await step(app, 'unpack', ['tar', '-xzf', tarball, '-C', unpacked], env, 60_000);
    rmSync(target, { recursive: true, force: true });
    renameSync(join(unpacked, 'package'), target);
    rmSync(unpacked, { recursive: true, force: true });
    // Vite's dev server keeps pre-bundled dependencies, taskcontext among them, keyed by the lock file alone.
    for (const stale of ['.vite', '.cache', '.astro']) rmSync(join(app.dir, 'node_modules', stale), { recursive: true, force: true });
  }
  writeFileSync(stampFile, JSON.stringify(want));
  return fresh ? 'npm ci' : unpack ? 'taskcontext unpacked' : 'cached';
}


export interface Served {
  base: string;
  stop(): Promise<void>;
  output(): string;
}

/** Starts the app's server and waits until its page answers 200 (a dev server compiles it on that first request). */
export async function serve(app: App, mode: Mode, env: NodeJS.ProcessEnv): Promise<Served> {
  const port = await freePort();
  const argv = mode.serve.map((arg) => arg.replaceAll('{port}', String(port)));
  const [command, ...args] = argv;
  const proc: Spawned = start(command!, args, { cwd: app.dir, env: { ...env, PORT: String(port), HOST: '127.0.0.1', ...mode.env } });
  const base = `http://127.0.0.1:${port}`;
  const output = (): string => {
    const { stdout, stderr } = proc.output();
    return `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
  };
  const deadline = performance.now() + (mode.warmupMs ?? 60_000);
  let exited = false;
  void proc.exited.then(() => (exited = true));
  let last = '';
  // AbortSignal.timeout takes whole milliseconds only.
  const left = (): number => Math.max(1_000, Math.round(deadline - performance.now()));
  while (performance.now() < deadline) {
    if (exited) throw new Error(`${app.name} ${mode.name}: '${argv.join(' ')}' exited before it served:\n${output()}`);
    try {
      const response = await fetch(`${base}${app.page}`, { signal: AbortSignal.timeout(left()) });
      await response.text();
      if (response.ok) {
        // The API route too: a dev server compiles it on its first request, and the checks time none of that.
        await (await fetch(`${base}${app.api}`, { signal: AbortSignal.timeout(left()) })).text();
        return { base, stop: () => proc.stop(5_000), output };
      }
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await proc.stop();
  throw new Error(`${app.name} ${mode.name}: ${base}${app.page} did not answer 200 in ${(mode.warmupMs ?? 60_000) / 1000} s (last: ${last}):\n${output()}`);
}

const CHECK = /data-check="([^"]+)"[^>]*>([^<]*)</g;

/** Every `data-check` place of a page's HTML and the text it shows. */
export function placesOf(html: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [, place, value] of html.matchAll(CHECK)) {
    const list = found.get(place!) ?? [];
    list.push(value!.trim());
    found.set(place!, list);
  }
  return found;
}

/** How many requests the server checks send at once, each with its own id. */
export const CONCURRENT = 20;

/**
 * Sends CONCURRENT page requests and as many API requests at once, each with
 * its own x-request-id, and returns per place (and 'api') what went wrong:
 * an empty list where every request saw its own id.
 */
export async function serverCheck(app: App, mode: Mode, base: string): Promise<Map<string, string[]>> {
  const tag = `${app.name}-${mode.name.replace(/\W+/g, '')}`;
  const problems = new Map<string, string[]>([...app.places, 'api'].map((place) => [place, []]));
  const note = (place: string, problem: string): void => {
    const list = problems.get(place);
    if (list) list.push(problem);
    else problems.set(place, [problem]);
  };
  const ids = Array.from({ length: CONCURRENT }, (_, i) => `${tag}-${i}`);
  const pages = ids.map(async (id) => {
    const response = await fetch(`${base}${app.page}`, { headers: { 'x-request-id': id }, signal: AbortSignal.timeout(60_000) });
    const html = await response.text();
    if (!response.ok) {
      for (const place of app.places) note(place, `${id}: HTTP ${response.status}`);
      return;
    }
    const found = placesOf(html);
    for (const place of app.places) {
      const values = found.get(place);
      if (!values) note(place, `${id}: missing from the page`);
      else if (values.length !== 1 || values[0] !== id) note(place, `${id}: saw ${JSON.stringify(values)}`);
    }
    // The list of places is the app's whole list: a place it shows but that is not checked is an error too.
    for (const place of found.keys()) if (!app.places.includes(place)) note(place, `${id}: shown but not among the expected places`);
  });
  const apis = ids.map(async (id) => {
    const response = await fetch(`${base}${app.api}`, { headers: { 'x-request-id': id }, signal: AbortSignal.timeout(60_000) });
    const text = await response.text();
    let seen: unknown;
    try {
      seen = (JSON.parse(text) as { api?: unknown }).api;
    } catch {
      seen = `not JSON (HTTP ${response.status}): ${text.slice(0, 80)}`;
    }
    if (seen !== id) note('api', `${id}: saw ${JSON.stringify(seen)}`);
  });
  await Promise.all([...pages, ...apis]);
  return problems;
}

/** What each click saw, as [data-clicks] shows it once both finished. */
export const CLICKS_EXPECTED = { a: 'a a a a', b: 'b b b b' } as const;

/**
 * Loads the page in Chromium, waits for hydration, clicks a (slow) and then
 * b (fast) with real mouse input, so that b's fetch and timer run inside a's,
 * and returns what each click recorded.
 */
export async function clickCheck(browser: Browser, base: string, app: App): Promise<Record<string, string>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${base}${app.page}`, { timeout: 60_000 });
    await page.waitForSelector('[data-ready="true"]', { timeout: 60_000 });
    for (const id of ['a', 'b']) {
      const box = await page.locator(`button[data-click="${id}"]`).boundingBox();
      if (!box) throw new Error(`${app.name}: button[data-click="${id}"] is not on the page`);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    const read = async (): Promise<Record<string, string>> =>
      JSON.parse((await page.locator('[data-clicks]').getAttribute('data-clicks')) ?? '{}') as Record<string, string>;
    const deadline = performance.now() + 15_000;
    let seen = await read();
    while (Object.keys(seen).length < 2 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await read();
    }
    if (errors.length > 0) seen.pageErrors = errors.join(' | ');
    return seen;
  } finally {
    await context.close();
  }
}

export function sameClicks(seen: Record<string, string>): boolean {
  return Object.keys(seen).length === 2 && seen.a === CLICKS_EXPECTED.a && seen.b === CLICKS_EXPECTED.b;
}

/** Removes what a mode's build writes. */
export function clean(app: App, mode: Mode): void {
  for (const output of mode.outputs ?? []) rmSync(join(app.dir, output), { recursive: true, force: true });
}
