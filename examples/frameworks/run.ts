import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { ensurePinnedNode, versionOf } from '../../test/runtimes/binaries.js';
import { chromiumArgs, chromiumPath } from '../../test/engines/debian-browsers.js';
import { APPS, NOT_APPS, REQUIRED } from './apps.js';
import {
  CLICKS_EXPECTED,
  CONCURRENT,
  cacheDir,
  clean,
  clickCheck,
  envFor,
  install,
  log,
  root,
  sameClicks,
  seconds,
  serve,
  serverCheck,
  step,
  tarball,
  type App,
  type Mode,
  type Result,
} from './harness.js';

// Builds, serves and checks the framework apps of examples/ (see
// examples/frameworks/README.md), as users get them: each installs
// taskcontext from the package this repository packs.
//
//   tsx examples/frameworks/run.ts [--negative] [--plan] [--jobs=N] [APP[:MODE]…]
//
// Without --negative: every mode of every app (or those named), and in each
// app's first mode the request wrapper taken out (the server checks must then
// fail), plus the negatives a mode lists. With --negative: only negatives,
// every mode built (or a dev server started) without the plugin (the click
// check must fail), and each app's first mode served without the wrapper
// (every server check must fail). Ends with 'frameworks: N passed, N failed';
// exits non-zero on any failure or on a check that did not run.

type Negative = 'plugin' | 'wrapper';

const args = process.argv.slice(2);
const negativeOnly = args.includes('--negative');
/** --plan: list the checks a run would make, and fail on a required app missing, without running any. */
const planOnly = args.includes('--plan');
const wanted = args.filter((arg) => !arg.startsWith('--'));
/** How many apps run at once (--jobs=N): two cores here. */
const jobs = Number(/^--jobs=(\d+)$/.exec(args.find((arg) => arg.startsWith('--jobs=')) ?? '')?.[1] ?? 2);

/** The apps and modes asked for: APP or APP:MODE-PREFIX. */
function selected(): { app: App; modes: Mode[] }[] {
  if (wanted.length === 0) return APPS.map((app) => ({ app, modes: app.modes }));
  return wanted.map((name) => {
    const [appName, modeName] = name.split(':');
    const app = APPS.find((a) => a.name === appName);
    if (!app) throw new Error(`no app '${appName}' (known: ${APPS.map((a) => a.name).join(', ')})`);
    const modes = modeName ? app.modes.filter((m) => m.name.startsWith(modeName)) : app.modes;
    if (modes.length === 0) throw new Error(`${app.name} has no mode '${modeName}' (known: ${app.modes.map((m) => m.name).join(', ')})`);
    return { app, modes };
  });
}

interface Planned {
  app: App;
  mode: Mode;
  positive: boolean;
  negatives: Negative[];
}

function plan(): Planned[] {
  const list: Planned[] = [];
  for (const { app, modes } of selected()) {
    modes.forEach((mode, i) => {
      // The plugin's negative first: the wrapper's can then serve the build it made (the server's code is the same).
      if (negativeOnly) list.push({ app, mode, positive: false, negatives: i === 0 ? ['plugin', 'wrapper'] : ['plugin'] });
      else {
        const negatives = new Set<Negative>(mode.negatives ?? []);
        if (i === 0) negatives.add('wrapper');
        list.push({ app, mode, positive: true, negatives: [...negatives].sort((a, b) => Number(b === 'plugin') - Number(a === 'plugin')) });
      }
    });
  }
  return list;
}

/** The names of the checks a planned run makes: known before anything runs, so that one that does not run fails. */
function checkNames(p: Planned): string[] {
  const prefix = `${p.app.name} ${p.mode.name}`;
  const names: string[] = [];
  const server = [...p.app.places, 'api'];
  if (p.positive) names.push(...server.map((place) => `${prefix} › ${place}`), `${prefix} › clicks`);
  if (p.negatives.includes('wrapper')) names.push(...server.map((place) => `${prefix} without the request wrapper › ${place} fails`));
  if (p.negatives.includes('plugin')) names.push(`${prefix} without the plugin › clicks fail`);
  return names;
}

const results = new Map<string, Result>();
function record(name: string, ok: boolean, detail: string, negative = false): void {
  results.set(name, { name, ok, detail, negative });
  console.log(`  ${ok ? '✓' : '✗'} ${name}: ${detail}`);
}

const timings: Record<string, Record<string, string>> = {};
function time(app: App, what: string, since: number): void {
  (timings[app.name] ??= {})[what] = seconds(since);
}

function packTarball(): void {
  // What users install: the package as npm packs it (dist must be built).
  const t0 = performance.now();
  const dir = join(root, '.cache', 'pack');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const packed = readdirSync(dir).find((file) => file.endsWith('.tgz'));
  if (!packed) throw new Error(`npm pack wrote no tarball into ${dir}`);
  copyFileSync(join(dir, packed), tarball);
  log(`packed ${packed} as ${tarball} in ${seconds(t0)}`);
}

function describeProblems(problems: string[]): string {
  return problems.length === 0 ? `${CONCURRENT}/${CONCURRENT} requests saw their own id` : `${problems.length}/${CONCURRENT} wrong: ${problems.slice(0, 3).join('; ')}`;
}

async function runServerChecks(p: Planned, base: string, prefix: string, negative: boolean): Promise<void> {
  const problems = await serverCheck(p.app, p.mode, base);
  for (const [place, list] of problems) {
    const name = negative ? `${prefix} › ${place} fails` : `${prefix} › ${place}`;
    if (!negative) record(name, list.length === 0, describeProblems(list));
    else record(name, list.length > 0, list.length > 0 ? `fails as it must: ${describeProblems(list)}` : `still passes: ${describeProblems(list)}`, true);
  }
}

async function runClickCheck(p: Planned, browser: Browser, base: string, prefix: string, negative: boolean): Promise<void> {
  const seen = await clickCheck(browser, base, p.app);
  const kept = sameClicks(seen);
  if (!negative) record(`${prefix} › clicks`, kept, kept ? `each click kept its value: ${JSON.stringify(seen)}` : `expected ${JSON.stringify(CLICKS_EXPECTED)}, saw ${JSON.stringify(seen)}`);
  else record(`${prefix} › clicks fail`, !kept, kept ? `still passes: ${JSON.stringify(seen)}` : `fails as it must: ${JSON.stringify(seen)}`, true);
}

/** Builds (unless `reuse`), serves and checks one mode; `without` takes the plugin or the wrapper out. */
async function runMode(p: Planned, browser: Browser, env: NodeJS.ProcessEnv, without: Negative | undefined, reuse: boolean): Promise<void> {
  const { app, mode } = p;
  const label = without ? `${mode.name} without the ${without === 'plugin' ? 'plugin' : 'request wrapper'}` : mode.name;
  const prefix = `${app.name} ${label}`;
  const modeEnv = { ...env, ...mode.env, ...(without ? { TASKCONTEXT_EXAMPLE_WITHOUT: without } : {}) };
  if (!reuse && mode.build.length > 0) {
    clean(app, mode);
    const t0 = performance.now();
    for (const argv of mode.build) await step(app, `${label} ${argv.slice(2).join(' ') || argv.join(' ')}`, argv, modeEnv, 600_000);
    time(app, `${label}: build`, t0);
    log(`${app.name}: built (${label}) in ${seconds(t0)}`);
  }
  const t1 = performance.now();
  const served = await serve(app, mode, modeEnv);
  time(app, `${label}: start`, t1);
  const t2 = performance.now();
  try {
    if (without !== 'plugin') await runServerChecks(p, served.base, prefix, without === 'wrapper');
    if (without !== 'wrapper') await runClickCheck(p, browser, served.base, prefix, without === 'plugin');
  } finally {
    await served.stop();
  }
  time(app, `${label}: checks`, t2);
}

/** Seconds each app took here (all its modes, cached install), to start the slowest first. */
const COST: Record<string, number> = { next: 150, nuxt: 90, astro: 45, sveltekit: 20, 'react-router': 12 };

/** Installs one app, then runs its planned modes in order; an error fails the checks it left unreported. */
async function runApp(app: App, modes: Planned[], browser: Browser, node24: string | undefined): Promise<void> {
  const env = envFor(app, node24);
  let current: Planned[] = modes;
  try {
    const t0 = performance.now();
    const installed = await install(app, env, versionOf(app.node === 'node24' && node24 ? node24 : process.execPath));
    time(app, installed === 'npm ci' ? 'npm ci' : `install (node_modules cached, ${installed === 'cached' ? 'taskcontext too' : installed})`, t0);
    log(`${app.name}: ${installed === 'npm ci' ? 'npm ci' : `node_modules cached, ${installed === 'cached' ? 'taskcontext too' : installed}`} in ${seconds(t0)}`);
    for (const p of modes) {
      current = [p];
      try {
        if (p.positive) await runMode(p, browser, env, undefined, false);
        for (const without of p.negatives) {
          // Without the wrapper, the server is only started differently: the last build serves again.
          await runMode(p, browser, env, without, without === 'wrapper' && (p.positive || p.negatives.includes('plugin')));
        }
      } catch (error) {
        fail(current, error);
      }
    }
  } catch (error) {
    fail(current, error);
  }
}

function fail(planned: Planned[], error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log(message);
  for (const name of planned.flatMap(checkNames)) if (!results.has(name)) record(name, false, `did not run: ${message.split('\n')[0]}`);
}

/**
 * In a full run, each app and mode REQUIRED names must be in APPS, and each
 * folder of examples/ with a package.json must be an app of APPS (or one of
 * NOT_APPS, run elsewhere): returns a
 * failing check's name and detail for each one that is not.
 */
function missingApps(): [string, string][] {
  if (wanted.length > 0) return [];
  const missing: [string, string][] = [];
  for (const [name, modes] of Object.entries(REQUIRED)) {
    const app = APPS.find((a) => a.name === name);
    for (const mode of modes) {
      if (!app?.modes.some((m) => m.name === mode)) missing.push([`${name} ${mode} › in the run`, 'required (REQUIRED in apps.ts), but not among the apps and modes of APPS']);
    }
  }
  const examples = join(root, 'examples');
  for (const entry of readdirSync(examples, { withFileTypes: true })) {
    const hasPackage = entry.isDirectory() && existsSync(join(examples, entry.name, 'package.json'));
    if (hasPackage && !(entry.name in NOT_APPS) && !APPS.some((a) => a.dir === join(examples, entry.name))) {
      missing.push([`examples/${entry.name} › in the run`, 'an app in examples/ that APPS (apps.ts) does not run']);
    }
  }
  return missing;
}

async function main(): Promise<void> {
  const planned = plan();
  const missing = missingApps();
  const expected = [...planned.flatMap(checkNames), ...missing.map(([name]) => name)];
  const perApp = new Map<string, string[]>();
  for (const p of planned) perApp.set(p.app.name, [...(perApp.get(p.app.name) ?? []), ...checkNames(p)]);
  log(`${planned.length} app modes, ${expected.length} checks`);
  for (const [name, checks] of perApp) {
    const modes = planned.filter((p) => p.app.name === name).map((p) => p.mode.name);
    log(`  ${name}: ${checks.length} checks expected (${modes.join(', ')})`);
  }
  for (const [name, detail] of missing) record(name, false, detail);
  if (planOnly) {
    for (const name of expected) console.log(`    ${name}`);
    process.exitCode = missing.length > 0 ? 1 : 0;
    return;
  }
  const started = performance.now();
  packTarball();
  const node24 = planned.some((p) => p.app.node === 'node24') ? ensurePinnedNode('node24', log) : undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  // Apps in two lanes, the slowest first: a build on one core while the other app serves,
  // starts a server or waits on Chromium; each app's own modes stay in order.
  const byApp = new Map<App, Planned[]>();
  for (const p of planned) byApp.set(p.app, [...(byApp.get(p.app) ?? []), p]);
  const queue = [...byApp].sort(([a], [b]) => (COST[b.name] ?? 0) - (COST[a.name] ?? 0));
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) await runApp(next[0], next[1], browser, node24);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, queue.length) }, lane));
  } finally {
    await browser.close();
  }
  // A check that was planned but never reported fails; one reported but not planned means the plan is wrong.
  for (const name of expected) if (!results.has(name)) record(name, false, 'never reported');
  for (const name of results.keys()) if (!expected.includes(name)) record(name, false, 'reported but not planned');
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, negativeOnly ? 'negative.json' : 'results.json'), JSON.stringify({ results: [...results.values()], timings }, null, 2));
  log(`timings: ${JSON.stringify(timings, null, 1)}`);
  // Per app: of the checks it was expected to make, how many passed, how many failed or never ran.
  for (const [name, checks] of perApp) {
    const ok = checks.filter((check) => results.get(check)?.ok).length;
    const ran = checks.filter((check) => !/^(never reported|did not run)/.test(results.get(check)?.detail ?? 'never reported')).length;
    log(`${name}: ${ok}/${checks.length} expected checks passed${ok < checks.length ? ` (${checks.length - ran} did not run)` : ''}`);
  }
  const passed = [...results.values()].filter((r) => r.ok).length;
  const failed = results.size - passed;
  log(`${expected.length} checks planned, ${results.size} reported, in ${seconds(started)}`);
  console.log(`frameworks: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.size !== expected.length ? 1 : 0;
}

await main();
