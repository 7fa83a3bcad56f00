import { build, type Plugin } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { pluginFactory } from '../../src/await-transform/plugin.js';

// Bundles a suite (by default test/contract/*.test.ts, the same files vitest
// runs) into one ES module for an engine that has no vitest: a browser page,
// Node, Bun, Deno, workerd. `vitest` resolves to the portable shim. The bundle
// writes its manifest (every test it registered) before it runs anything.

const root = join(import.meta.dirname, '..', '..');
/** The contract suite, the one every runner drives unless told another. */
export const contractDir = join(root, 'test', 'contract');
const libraryEntry = join(root, 'src', 'index');

/**
 * - browser: a page, the patch layer installed first, tests through the await plugin;
 * - node: Node and Bun load the library from dist/ as a user's import does
 *   (the package's `node` export condition), not from the sources;
 * - server: Deno, the sources bundled in;
 * - workerd: a module worker whose fetch answers the manifest (/manifest) or runs the suite;
 * - script: a classic script (no module syntax, no top-level await) for an
 *   engine with a small host (test/runtimes/script-host.js: Hermes, QuickJS),
 *   the patch layer installed first as on a page, tests through the await
 *   plugin; script-as-written: the same without the plugin (native awaits
 *   left as written).
 *
 * Node, Bun and Deno run the tests built with the await plugin too, as a
 * server app built by Vite or webpack is, and call `install()` first, which
 * there places the plugin's generator scopes (their AsyncLocalStorage has
 * enterWith): the contract's generator tests run there. workerd's has not:
 * its suite is built as written, skips them (each naming the capability,
 * generators) and states the platform's behaviour instead. The report carries
 * the profile the suite's capabilities module computed in the engine (capabilitiesModule).
 */
export type Target = 'browser' | 'node' | 'server' | 'workerd' | 'script' | 'script-as-written';

/** The suite's test files (`*.test.ts`, or `*.fixture.ts` for the runners' own tests), in a stable order. */
export function suiteFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts') || name.endsWith('.fixture.ts'))
    .sort()
    .map((name) => join(dir, name));
}

/** A suite is named by its folder: `contract`, or a fixture's. */
export function suiteName(dir: string): string {
  return basename(dir);
}

/**
 * The module that computes the suite's profile: its own capabilities.ts
 * (test/node-parity has one), else the contract's (the runners' fixture
 * suites use it). It exports `profile` and `profileSuite`, the part of the
 * vocabulary the profile is (test/portable/profile.ts).
 */
export function capabilitiesModule(dir: string): string {
  const own = join(dir, 'capabilities.ts');
  return existsSync(own) ? own : join(contractDir, 'capabilities.ts');
}

function entrySource(target: Target, dir: string, engine: string): string {
  const imports = suiteFiles(dir).map((file) => `import ${JSON.stringify(`./${relative(root, file)}`)};`);
  const setup = target === 'browser' || isScript(target) ? [`import './test/portable/setup-browser.ts';`] : builtWithPlugin(target) ? [`import './test/portable/setup-server.ts';`] : [];
  const manifest = `manifestOf(${JSON.stringify(suiteName(dir))}, ${JSON.stringify(engine)})`;
  const run = `runRegistered(${JSON.stringify(engine)}, backend(), profile, profileSuite)`;
  const report = {
    browser: [`(globalThis as any).__contractManifest = ${manifest};`, `(globalThis as any).__contractReport = ${run};`],
    node: [`console.log('SUITE-MANIFEST ' + JSON.stringify(${manifest}));`, `console.log('SUITE-REPORT ' + JSON.stringify(await ${run}));`],
    server: [`console.log('SUITE-MANIFEST ' + JSON.stringify(${manifest}));`, `console.log('SUITE-REPORT ' + JSON.stringify(await ${run}));`],
    // One line each, printed through the host's console.log; no top-level await in a script.
    script: scriptReport(manifest, run),
    'script-as-written': scriptReport(manifest, run),
    workerd: [
      `export default { async fetch(request: Request) {`,
      `  return Response.json(new URL(request.url).pathname === '/manifest' ? ${manifest} : await ${run});`,
      `} };`,
    ],
  }[target];
  return [
    ...setup,
    ...imports,
    `import { runRegistered } from './test/portable/run.ts';`,
    `import { manifestOf } from './test/portable/manifest.ts';`,
    `import { backend } from './src/index.ts';`,
    // After the setup and the test files: the profile is the place's once install() ran.
    `import { profile, profileSuite } from ${JSON.stringify(`./${relative(root, capabilitiesModule(dir))}`)};`,
    ...report,
  ].join('\n');
}

function scriptReport(manifest: string, run: string): string[] {
  return [
    `console.log('SUITE-MANIFEST ' + JSON.stringify(${manifest}));`,
    `${run}.then((report) => console.log('SUITE-REPORT ' + JSON.stringify(report)), (error) => console.log('SUITE-ERROR ' + String(error && error.stack || error)));`,
  ];
}

/** A classic script for an engine with a small host (Hermes, QuickJS). */
export function isScript(target: Target): target is 'script' | 'script-as-written' {
  return target === 'script' || target === 'script-as-written';
}

/** For target 'node': every import of src/index becomes `import 'taskcontext'`, which Node resolves through the package's exports. */
const libraryFromDist: Plugin = {
  name: 'taskcontext-from-dist',
  setup(b) {
    b.onResolve({ filter: /src[\\/]index(\.[jt]s)?$/ }, (args) => {
      const resolved = resolve(args.resolveDir, args.path).replace(/\.[jt]s$/, '');
      return resolved === libraryEntry ? { path: 'taskcontext', external: true } : undefined;
    });
  },
};

/**
 * For a suite run on a <script> bundle (the legacy one): every import of
 * src/index reads the `TaskContext` global the bundle defined, loaded before
 * the suite as a page or an app loads it.
 */
const GLOBAL_EXPORTS = [
  'AsyncContext',
  'AsyncLocalStorage',
  'AsyncResource',
  'Context',
  'ContextError',
  'Snapshot',
  'Variable',
  'backend',
  'install',
  'installed',
  'runTask',
  'uninstall',
  'useBackend',
  'wrapTaskFactory',
];
const libraryFromGlobal: Plugin = {
  name: 'taskcontext-from-global',
  setup(b) {
    b.onResolve({ filter: /src[\\/]index(\.[jt]s)?$/ }, (args) => {
      const resolved = resolve(args.resolveDir, args.path).replace(/\.[jt]s$/, '');
      return resolved === libraryEntry ? { path: 'TaskContext', namespace: 'taskcontext-global' } : undefined;
    });
    // Named exports, not CommonJS: esbuild's interop getters close over a `let` in a loop, which
    // Hermes 0.12 reads as `var`. AsyncResource is not in the <script> bundles: undefined here.
    b.onLoad({ filter: /.*/, namespace: 'taskcontext-global' }, () => ({
      contents: ['const T = globalThis.TaskContext;', ...GLOBAL_EXPORTS.map((name) => `export const ${name} = T.${name};`)].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * The test files as an app would ship them: through the taskcontext/esbuild
 * plugin, so that the contract's await tests run in browsers, and its
 * generator tests everywhere but workerd.
 */
export const awaitPluginInclude = /[\\/]test[\\/]contract[\\/][^\\/]+\.ts$/;
const awaitPlugin: Plugin = pluginFactory('esbuild')({ include: [awaitPluginInclude] });

/** Whether the target's tests go through the await plugin (and, on a server, `install()` places its generator scopes). */
function builtWithPlugin(target: Target): boolean {
  return target !== 'workerd' && target !== 'script-as-written';
}

/**
 * Writes the bundle of the suite in `dir` for `target` to `outfile`. A bundle
 * for 'node' must lie inside this package (it imports `taskcontext` by name).
 */
export async function bundleSuite(dir: string, target: Target, engine: string, outfile: string, options: { transform?: Plugin; libraryGlobal?: boolean } = {}): Promise<void> {
  await build({
    stdin: { contents: entrySource(target, dir, engine), resolveDir: root, sourcefile: `${suiteName(dir)}-${engine}.ts`, loader: 'ts' },
    bundle: true,
    format: isScript(target) ? 'iife' : 'esm',
    platform: target === 'browser' ? 'browser' : target === 'node' ? 'node' : 'neutral',
    mainFields: ['module', 'main'],
    conditions: target === 'browser' || isScript(target) ? ['browser'] : target === 'node' ? ['node'] : ['worker', 'browser'],
    target: 'es2022',
    outfile,
    alias: { vitest: join(root, 'test', 'portable', 'vitest-shim.ts') },
    define: {
      'process.env.NODE_ENV': '"test"',
      __TASKCONTEXT_AWAIT_PLUGIN__: String(builtWithPlugin(target)),
      __TASKCONTEXT_GENERATORS__: String(builtWithPlugin(target)),
    },
    // `transform`: one that reads every module itself (Hermes: the await transform, then Metro's Babel preset).
    // `libraryGlobal`: the library is a <script> bundle loaded first (for a script target).
    plugins: [
      ...(options.libraryGlobal ? [libraryFromGlobal] : []),
      ...(options.transform ? [options.transform] : builtWithPlugin(target) ? [awaitPlugin] : []),
      ...(target === 'node' ? [libraryFromDist] : []),
    ],
    // A server suite may import Node's modules (test/node-parity does); Deno provides them.
    external: target === 'server' ? ['node:*'] : [],
    sourcemap: 'inline',
    // Modules lowered before bundling (Hermes: Babel made the classes functions) keep their names, as in Metro's bundles.
    keepNames: options.transform !== undefined,
    // The package says sideEffects: false; test files are nothing but side effects.
    ignoreAnnotations: true,
    logLevel: 'error',
  });
}
