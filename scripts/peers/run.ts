// npm run peers -- <checkouts…> [--suites=otel,test262] [--engines=node,bun,deno,chromium,firefox,webkit] [--filter=text] [--json=file] [--fresh]
//
// Other projects' test suites against taskcontext, their asserts unchanged,
// their files read from the checkouts given (identified by their contents,
// never copied here; run `npm run build` first):
// - OpenTelemetry JS's context-manager test files, bundled with the import of
//   the manager under test aliased to TaskContextManager (scripts/peers/shims/),
//   and as written against their own manager, the baseline: the async-hooks
//   file on Node, Bun and Deno, the zone file in Chromium, Firefox and WebKit;
// - test262's Promise and async-function folders (test262/folders.ts), each
//   file without the library and with the patch layer installed, on Node (vm
//   realms, patch backend) and in the three browsers. Outcomes without the
//   library are kept in .cache/peers/ per engine version (--fresh: run again).
// Prints ours against the baseline per suite and engine and every difference;
// exits 1 on a difference scripts/peers/expectations.json does not list, on a
// listed one that is gone, on a run that failed or ran nothing, or on an
// unhandled rejection. Not part of `npm test`: it needs the checkouts.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover, toolVersionNotes, type Checkout } from './checkouts.js';
import { compareOtel, compareTest262, exitCode, matchExpectations, type Comparison } from './compare.js';
import { loadExpectations } from './expectations.js';
import { BROWSER_ENGINES, runInBrowser, writePage, type BrowserEngine } from './otel/browsers.js';
import { bundlePeer, type Variant } from './otel/bundle.js';
import type { PeerRun } from './otel/result.js';
import { runOnServer, SERVER_ENGINES, serverVersion, type ServerEngine } from './otel/servers.js';
import { findTestFile, OTEL_SUITES, type OtelSuite } from './otel/suites.js';
import { formatReport } from './report.js';
import { engineVersion } from '../../test/engines/versions.js';
import { BaselineCache } from './test262/baseline-cache.js';
import { runTest262, TEST262_ENGINES, type Test262Engine } from './test262/engines.js';
import { findFiles, scenarioName, scenariosOf } from './test262/folders.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.cache', 'peers');
const ENGINES = [...new Set([...SERVER_ENGINES, ...BROWSER_ENGINES])] as const;
type Engine = (typeof ENGINES)[number];
const SUITES = ['otel', 'test262'] as const;

// The runner's own promises must all be handled: one that is not is a bug here, and fails the run.
process.on('unhandledRejection', (reason) => {
  console.error('peers: unhandled rejection in the runner:', reason);
  process.exitCode = 1;
});

interface Options {
  checkouts: Map<string, Checkout>;
  engines: Engine[];
  suites: Array<(typeof SUITES)[number]>;
  filter?: string;
  json?: string;
  /** Run the test262 files without the library again rather than take their outcomes from the cache. */
  fresh: boolean;
}

function parseArgs(argv: string[]): Options {
  const option = (name: string): string | undefined => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const paths = argv.filter((arg) => !arg.startsWith('--'));
  const usage = `usage: npm run peers -- <opentelemetry-js checkout> <test262 checkout> [--suites=${SUITES.join(',')}] [--engines=${ENGINES.join(',')}] [--filter=text] [--json=file] [--fresh]`;
  if (paths.length === 0) throw new Error(usage);
  const engines = (option('engines')?.split(',') ?? [...ENGINES]) as Engine[];
  const suites = (option('suites')?.split(',') ?? [...SUITES]) as Options['suites'];
  for (const engine of engines) if (!ENGINES.includes(engine)) throw new Error(`unknown engine '${engine}'\n${usage}`);
  for (const suite of suites) if (!SUITES.includes(suite)) throw new Error(`unknown suite '${suite}'\n${usage}`);
  const options: Options = { checkouts: discover(paths), engines, suites, fresh: argv.includes('--fresh') };
  const filter = option('filter');
  const json = option('json');
  if (filter) options.filter = filter;
  if (json) options.json = json;
  return options;
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
}

/** One OpenTelemetry file: both bundles for its target, then each engine of it, theirs first. */
async function runOtelSuite(suite: OtelSuite, checkout: string, engines: Engine[], notes: string[]): Promise<Comparison[]> {
  const target = suite.where === 'servers' ? 'server' : 'browser';
  const mine = engines.filter((engine) => (suite.where === 'servers' ? (SERVER_ENGINES as readonly string[]) : (BROWSER_ENGINES as readonly string[])).includes(engine));
  if (mine.length === 0) return [];
  const testFile = findTestFile(checkout, suite);
  notes.push(...toolVersionNotes(checkout, suite.packageDir, ['mocha', 'sinon', 'zone.js']));
  const bundles = new Map<Variant, string>();
  for (const variant of ['theirs', 'ours'] as const) {
    const outfile = join(outDir, `${suite.id}-${variant}-${target}.mjs`);
    await bundlePeer({ suite, testFile, variant, target, outfile });
    bundles.set(variant, target === 'browser' ? writePage(outfile) : outfile);
  }
  const comparisons: Comparison[] = [];
  for (const engine of mine) {
    const started = Date.now();
    const run = (variant: Variant): Promise<PeerRun | Error> =>
      settle(target === 'server' ? runOnServer(engine as ServerEngine, bundles.get(variant)!, outDir) : runInBrowser(engine as BrowserEngine, bundles.get(variant)!));
    const theirs = await run('theirs');
    const ours = await run('ours');
    comparisons.push(compareOtel(suite.id, engine, theirs, ours, target === 'server' ? 'als' : 'patch (installed)'));
    console.log(`${suite.id} on ${engine}${target === 'server' ? ` (${serverVersion(engine as ServerEngine)})` : ''}: ${seconds(started)}`);
  }
  return comparisons;
}

/** The version of what runs the test262 files, for the baseline cache. */
const test262Version = (engine: Test262Engine): string => (engine === 'node' ? `node ${process.version}` : engineVersion(engine));

async function runTest262Suite(checkout: string, options: Options, notes: string[]): Promise<Comparison[]> {
  const { engines, filter } = options;
  const files = findFiles(checkout, filter);
  const list = scenariosOf(files);
  const names = list.map(scenarioName);
  console.log(`test262: ${files.length} files, ${list.length} scenarios each way`);
  const comparisons: Comparison[] = [];
  for (const engine of engines.filter((e): e is Test262Engine => (TEST262_ENGINES as readonly string[]).includes(e))) {
    const started = Date.now();
    const version = test262Version(engine);
    const cache = new BaselineCache(outDir, engine, version, checkout, options.fresh);
    const outcomes = await settle(runTest262(engine, checkout, list, cache));
    if (outcomes instanceof Error) comparisons.push(compareTest262(engine, names, outcomes, outcomes));
    else {
      comparisons.push(compareTest262(engine, names, outcomes.baseline, outcomes.ours));
      for (const index of outcomes.unconfirmed) notes.push(`test262 on ${engine}: ${names[index]} differed once, not when run again alone (dropped)`);
      if (outcomes.cached > 0) notes.push(`test262 on ${engine}: ${outcomes.cached} of ${list.length} outcomes without the library from the cache (--fresh runs them)`);
    }
    console.log(`test262 on ${engine} (${version}): ${seconds(started)}`);
  }
  return comparisons;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  for (const bundle of ['taskcontext.umd.min.js', 'taskcontext.auto.umd.min.js', 'opentelemetry.mjs', 'opentelemetry.node.cjs']) {
    if (!existsSync(join(root, 'dist', bundle))) throw new Error(`dist/${bundle} is missing: run npm run build first`);
  }
  mkdirSync(outDir, { recursive: true });
  const expectations = loadExpectations();
  const started = Date.now();
  const notes: string[] = [];
  const comparisons: Comparison[] = [];
  const otel = options.checkouts.get('opentelemetry-js');
  const test262 = options.checkouts.get('test262');
  for (const checkout of options.checkouts.values()) notes.push(`${checkout.kind}: ${checkout.path}${checkout.commit ? ` at ${checkout.commit}` : ''}`);
  if (options.suites.includes('otel')) {
    if (!otel) notes.push('no opentelemetry-js checkout given: its suites did not run');
    else for (const suite of OTEL_SUITES) comparisons.push(...(await runOtelSuite(suite, otel.path, options.engines, notes)));
  }
  if (options.suites.includes('test262')) {
    if (!test262) notes.push('no test262 checkout given: its folders did not run');
    else comparisons.push(...(await runTest262Suite(test262.path, options, notes)));
  }
  // A filtered run compares part of the suites: expectations outside it cannot be judged.
  const matched = matchExpectations(comparisons, options.filter ? expectations.filter((e) => e.suite !== 'test262' || e.name.includes(options.filter!)) : expectations);
  console.log(formatReport(comparisons, matched, notes));
  console.log(`(${seconds(started)} in all)`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ at: new Date().toISOString(), notes, comparisons, matched }, null, 2)}\n`);
  if (exitCode(comparisons, matched) !== 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
