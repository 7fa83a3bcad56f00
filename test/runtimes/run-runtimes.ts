// npx tsx test/runtimes/run-runtimes.ts [node,bun,deno,workerd,node24,node20.15,node20.0,hermes,quickjs,quickjs-ng,quickjs-as-written,hermes-legacy,quickjs-legacy] [--suite=<folder>]
// A suite (test/contract/, the files vitest runs, unless --suite names another
// folder) bundled once per target and run on each server runtime: this Node,
// Bun, Deno, Cloudflare's workerd, and the pinned Nodes 24, 20.15.1 and 20.0.0;
// and on the engines of small devices and React Native, each with the small
// host of script-host.js (timers, console, the global error events): Hermes
// 0.12 (the suite built as Metro builds an app: the await transform, then
// @react-native/babel-preset), QuickJS and quickjs-ng (built with the await
// plugin as for a page, and once as written: quickjs-as-written); and
// hermes-legacy, quickjs-legacy: those builds with the library taken from
// dist/taskcontext.legacy.umd.min.js, loaded first as it is.
// These run on the patch layer (backend 'patch'), the others on AsyncLocalStorage.
// Node and Bun load the library from dist/ through the package's exports, as a
// user's `import 'taskcontext'` does (npm run build first). Each runtime's
// report is checked against the manifest the suite wrote there, and every
// runtime must have registered the same tests; every runtime must run on its backend. Prints one count line per runtime and, last,
// `N passed, N failed`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allPassed, printReports, saveReports } from '../engines/report.js';
import { awaitPluginInclude, bundleSuite, contractDir, suiteName, type Target } from '../portable/bundle.js';
import { judge, judgeSameTests, saveManifest, type Judged } from '../portable/judge.js';
import type { Manifest } from '../portable/manifest.js';
import type { Report } from '../portable/run.js';
import { ensurePinnedNode, findBinary, PINNED_NODES, pinnedNodeProblem, versionOf, type PinnedNode } from './binaries.js';
import { run } from './processes.js';
import { denoPermissions } from './suite-permissions.js';
import { engineVersion, metroTransform, runInHermes, runInQuickJS, type ScriptRun } from './script-engines.js';
import { runInWorkerd } from './workerd.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.cache', 'runtimes');
mkdirSync(outDir, { recursive: true });

const TIMEOUT_MS = 120_000;
const SCRIPT_ENGINES = ['hermes', 'quickjs', 'quickjs-ng', 'quickjs-as-written', 'hermes-legacy', 'quickjs-legacy'] as const;
const ALL = ['node', 'bun', 'deno', 'workerd', ...PINNED_NODES, ...SCRIPT_ENGINES] as const;
type Runtime = (typeof ALL)[number];

const args = process.argv.slice(2);
const suiteArg = args.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
const suiteDir = suiteArg ? resolve(suiteArg) : contractDir;
const suite = suiteName(suiteDir);
const wanted = (args.find((a) => !a.startsWith('--'))?.split(',').filter(Boolean) ?? [...ALL]) as Runtime[];
for (const name of wanted) {
  if (!(ALL as readonly string[]).includes(name)) {
    console.error(`unknown runtime '${name}'; expected some of ${ALL.join(', ')}`);
    process.exit(2);
  }
}
const isPinnedNode = (name: string): name is PinnedNode => (PINNED_NODES as readonly string[]).includes(name);
const isScriptEngine = (name: string): name is (typeof SCRIPT_ENGINES)[number] => (SCRIPT_ENGINES as readonly string[]).includes(name);
const loadsDist = (name: Runtime) => name === 'node' || name === 'bun' || isPinnedNode(name);
if (wanted.some(loadsDist) && !existsSync(join(root, 'dist', 'taskcontext.node.mjs'))) {
  console.error('dist/taskcontext.node.mjs is missing: run npm run build first');
  process.exit(2);
}
const legacyBundle = join(root, 'dist', 'taskcontext.legacy.umd.min.js');
const onLegacy = (name: Runtime) => name === 'hermes-legacy' || name === 'quickjs-legacy';
if (wanted.some(onLegacy) && !existsSync(legacyBundle)) {
  console.error('dist/taskcontext.legacy.umd.min.js is missing: run npm run build first');
  process.exit(2);
}

const startedAt = Date.now();
const bundles: Record<Exclude<Target, 'browser'> | 'metro' | 'script-legacy' | 'metro-legacy', string> = {
  node: join(outDir, `${suite}-node.mjs`),
  server: join(outDir, `${suite}-server.mjs`),
  workerd: join(outDir, `${suite}-workerd.mjs`),
  script: join(outDir, `${suite}-script.js`),
  'script-as-written': join(outDir, `${suite}-script-as-written.js`),
  metro: join(outDir, `${suite}-metro.js`),
  'script-legacy': join(outDir, `${suite}-script-legacy.js`),
  'metro-legacy': join(outDir, `${suite}-metro-legacy.js`),
};
if (wanted.some(loadsDist)) await bundleSuite(suiteDir, 'node', 'node', bundles.node);
if (wanted.includes('deno')) await bundleSuite(suiteDir, 'server', 'server', bundles.server);
if (wanted.includes('workerd')) await bundleSuite(suiteDir, 'workerd', 'workerd', bundles.workerd);
// One script per build, run by each engine that takes it (the report names the engine it ran in).
if (wanted.includes('quickjs') || wanted.includes('quickjs-ng')) await bundleSuite(suiteDir, 'script', 'script', bundles.script);
if (wanted.includes('quickjs-as-written')) await bundleSuite(suiteDir, 'script-as-written', 'script', bundles['script-as-written']);
if (wanted.includes('hermes')) await bundleSuite(suiteDir, 'script', 'script', bundles.metro, { transform: metroTransform(awaitPluginInclude) });
// The same builds with the library taken from the legacy <script> bundle, which the engine loads first.
if (wanted.includes('quickjs-legacy')) await bundleSuite(suiteDir, 'script', 'script', bundles['script-legacy'], { libraryGlobal: true });
if (wanted.includes('hermes-legacy')) await bundleSuite(suiteDir, 'script', 'script', bundles['metro-legacy'], { transform: metroTransform(awaitPluginInclude), libraryGlobal: true });

function tail(text: string, chars = 2000): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `…${trimmed.slice(-chars)}` : trimmed;
}

const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
delete childEnv.NODE_OPTIONS; // tsx's loader is for this process, not for the runtimes under test

interface Outcome {
  manifest?: Manifest;
  report?: Report;
  /** Why there is no report, when there is none. */
  problem?: string;
}

function lineValue<T>(stdout: string, prefix: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(prefix));
  return line ? (JSON.parse(line.slice(prefix.length)) as T) : undefined;
}

/** Runs `bundle` with `command args`, reads its SUITE-MANIFEST and SUITE-REPORT lines. */
async function runBundle(bundle: string, command: string, commandArgs: string[]): Promise<Outcome> {
  const result = await run(command, [...commandArgs, bundle], { cwd: outDir, env: childEnv, timeoutMs: TIMEOUT_MS });
  const manifest = lineValue<Manifest>(result.stdout, 'SUITE-MANIFEST ');
  const report = lineValue<Report>(result.stdout, 'SUITE-REPORT ');
  const how = result.timedOut ? `killed after ${TIMEOUT_MS} ms` : `exited with ${result.signal ?? `code ${result.code}`}`;
  if (report && result.code === 0) return { manifest, report };
  return { manifest, report, problem: `${how}${report ? '' : ', no SUITE-REPORT line'}.\n${tail(result.stderr + result.stdout)}` };
}

function binary(name: 'bun' | 'deno' | 'workerd'): string {
  const found = findBinary(name);
  if (found.path) return found.path;
  throw new Error(
    `no ${name} executable; looked at:\n  ${found.looked.join('\n  ')}\n` +
      `npm ci installs it from the ${name} package's platform optionalDependency`,
  );
}

/** A script engine's lines as the outcome of a run: the manifest, the report, every uncaught error the host saw. */
function scriptOutcome(result: ScriptRun): Outcome {
  const manifest = lineValue<Manifest>(result.lines.join('\n'), 'SUITE-MANIFEST ');
  const report = lineValue<Report>(result.lines.join('\n'), 'SUITE-REPORT ');
  const suiteError = result.lines.find((line) => line.startsWith('SUITE-ERROR '));
  if (report) {
    for (const line of result.lines.filter((l) => l.startsWith('HOST-UNCAUGHT '))) {
      report.failed++;
      report.failures.push({ name: 'uncaught error (from the host)', error: JSON.parse(line.slice('HOST-UNCAUGHT '.length)) as string });
    }
  }
  const problem = result.problem ?? (suiteError ? suiteError : undefined);
  return { manifest, report, ...(problem && { problem: `${problem}\n${tail(result.lines.filter((l) => !l.startsWith('SUITE-')).join('\n'))}` }) };
}

/** The engine's name in reports: this Node by its major version, the others by runtime. */
const engineName = (name: Runtime): string => (name === 'node' ? `node${process.versions.node.split('.')[0]}` : name);

const reports: Judged[] = [];
const runs: Array<{ judged: Judged; manifest: Manifest | undefined }> = [];
const notes: string[] = [];
const versions: Record<string, string> = {};
for (const name of wanted) {
  const began = Date.now();
  const engine = engineName(name);
  let outcome: Outcome;
  let version = '';
  try {
    if (name === 'node') {
      version = `node ${process.version}`;
      outcome = await runBundle(bundles.node, process.execPath, []);
    } else if (isPinnedNode(name)) {
      // A wanted runtime that cannot run fails the run, saying why; it does not drop out of it.
      const cannot = pinnedNodeProblem();
      if (cannot) throw new Error(cannot);
      const node = ensurePinnedNode(name, (line) => console.log(line));
      version = `node ${versionOf(node)}`;
      outcome = await runBundle(bundles.node, node, []);
    } else if (name === 'bun') {
      const bun = binary('bun');
      version = `bun ${versionOf(bun)}`;
      outcome = await runBundle(bundles.node, bun, ['run']);
    } else if (name === 'deno') {
      // --allow-env only: the bundled expect library reads environment variables (colour
      // detection); nothing else is asked for. No config, lockfile or prompt.
      const deno = binary('deno');
      version = versionOf(deno);
      outcome = await runBundle(bundles.server, deno, ['run', '--no-prompt', '--no-config', '--no-lock', '--allow-env', ...denoPermissions(suite)]);
    } else if (isScriptEngine(name)) {
      const engine = name === 'hermes' || name === 'hermes-legacy' ? 'hermes' : name === 'quickjs-ng' ? 'quickjs-ng' : 'quickjs';
      version = engineVersion(engine);
      const scripts = onLegacy(name) ? [readFileSync(legacyBundle, 'utf8')] : [];
      if (engine === 'hermes') {
        const bundle = name === 'hermes-legacy' ? bundles['metro-legacy'] : bundles.metro;
        outcome = scriptOutcome(await runInHermes({ scripts, code: readFileSync(bundle, 'utf8') }, join(outDir, `${suite}-${name}.js`), TIMEOUT_MS));
      } else {
        const bundle = name === 'quickjs-as-written' ? bundles['script-as-written'] : name === 'quickjs-legacy' ? bundles['script-legacy'] : bundles.script;
        outcome = scriptOutcome(await runInQuickJS(engine, { scripts, code: readFileSync(bundle, 'utf8') }, TIMEOUT_MS));
      }
    } else {
      const workerd = binary('workerd');
      version = versionOf(workerd);
      outcome = await runInWorkerd(workerd, bundles.workerd, TIMEOUT_MS);
    }
  } catch (error) {
    outcome = { problem: `starting ${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (outcome.manifest) saveManifest({ ...outcome.manifest, engine });
  const judged = judge(suite, engine, outcome.manifest, outcome.report && { ...outcome.report, engine }, { backend: isScriptEngine(name) ? 'patch' : 'als', place: name });
  if (outcome.problem) {
    judged.failed++;
    judged.failures.push({ name: `running ${engine}`, error: outcome.problem });
  }
  notes.push(`${engine}: ${version || '?'}, ${((Date.now() - began) / 1000).toFixed(1)} s`);
  versions[engine] = version;
  reports.push(judged);
  runs.push({ judged, manifest: outcome.manifest });
}
judgeSameTests(runs);

for (const note of notes) console.log(note);
if (suite === 'contract') saveReports('runtimes', reports, versions);
console.log(`(${((Date.now() - startedAt) / 1000).toFixed(1)} s in all)`);
printReports('runtimes', reports);
process.exitCode = allPassed(reports) ? 0 : 1;
