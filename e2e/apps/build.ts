import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { onceAcrossProcesses } from '../once.js';

// Builds e2e/apps/clicks with each bundler and the taskcontext plugin (and
// twice without it) into .cache/apps/<hash>/<bundler>.js, for e2e/pages/app.html,
// and the React, Vue and Svelte apps with Vite into <hash>/<framework>.js, for
// e2e/pages/framework.html, and the cookbook's web worker (worker/worker.ts)
// with esbuild and the plugin into <hash>/worker.js.
// The folder is named after the inputs, so every test worker and runner
// (Playwright, the WebKit runner) shares one build per change: built once.
// Needs `npm run build` (the app imports the built package).

const root = join(import.meta.dirname, '..', '..');
const appDir = join(import.meta.dirname, 'clicks');
const entry = join(appDir, 'main.js');
/** The app imports the package as an app would; every bundler resolves it to the built browser entry. */
const packageEntry = join(root, 'dist', 'taskcontext.mjs');

export const BUNDLERS = ['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild'] as const;
export type Bundler = (typeof BUNDLERS)[number];
/** The bundles: each bundler with the plugin, and esbuild and Rollup without it. */
export const BUNDLES = [...BUNDLERS, 'esbuild-without-plugin', 'rollup-without-plugin'] as const;
export type Bundle = (typeof BUNDLES)[number];

/** The same clicks as components: React (.tsx, automatic JSX runtime), a Vue SFC, a Svelte component and .svelte.ts module. */
export const FRAMEWORKS = ['react', 'vue', 'svelte'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

type Build = (outDir: string, name: string, withPlugin: boolean) => Promise<void>;

/** The folders the builds read, and the cookbook's worker in worker/. */
const SOURCE_DIRS = ['clicks', 'shared', ...FRAMEWORKS, 'worker'];

/** Every source file of the e2e apps (the docs test checks that a recipe it quotes is one of them). */
export function appSources(): string[] {
  return SOURCE_DIRS.flatMap((dir) => readdirSync(join(import.meta.dirname, dir)).sort().map((name) => join(import.meta.dirname, dir, name)));
}

/** The cookbook's worker, a classic worker script, with the plugin (its `await runJob()` keeps the trace id); without it for e2e/negatives.ts. */
export async function buildWorker(outDir: string, withPlugin = true): Promise<void> {
  const [{ build }, { default: taskcontext }] = await Promise.all([import('esbuild'), import('taskcontext/esbuild')]);
  await build({
    entryPoints: [join(import.meta.dirname, 'worker', 'worker.ts')],
    bundle: true,
    format: 'iife',
    outfile: join(outDir, 'worker.js'),
    sourcemap: true,
    logLevel: 'error',
    alias: { taskcontext: packageEntry },
    plugins: withPlugin ? [taskcontext()] : [],
  });
}

/** A framework app through Vite, with the framework's own plugin before ours (without ours for e2e/negatives.ts). */
export async function buildFramework(outDir: string, framework: Framework, withPlugin = true): Promise<void> {
  const [{ build }, { default: taskcontext }] = await Promise.all([import('vite'), import('taskcontext/vite')]);
  const frameworkPlugin = {
    react: async () => (await import('@vitejs/plugin-react')).default(),
    vue: async () => (await import('@vitejs/plugin-vue')).default(),
    svelte: async () => (await import('@sveltejs/vite-plugin-svelte')).svelte(),
  }[framework];
  await build({
    configFile: false,
    logLevel: 'error',
    root: join(import.meta.dirname, framework),
    resolve: { alias: { taskcontext: packageEntry } },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [await frameworkPlugin(), ...(withPlugin ? [taskcontext()] : [])],
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: true,
      lib: { entry: join(import.meta.dirname, framework, framework === 'react' ? 'App.tsx' : 'main.ts'), formats: ['iife'], name: framework, fileName: () => `${framework}.js` },
    },
  });
}

const builds: Record<Bundler, Build> = {
  async vite(outDir, name) {
    const [{ build }, { default: taskcontext }] = await Promise.all([import('vite'), import('taskcontext/vite')]);
    await build({
      configFile: false,
      logLevel: 'error',
      root: appDir,
      resolve: { alias: { taskcontext: packageEntry } },
      plugins: [taskcontext()],
      build: {
        outDir,
        emptyOutDir: false,
        minify: false,
        sourcemap: true,
        lib: { entry, formats: ['iife'], name: 'clicks', fileName: () => `${name}.js` },
      },
    });
  },
  async rollup(outDir, name, withPlugin) {
    const [{ rollup }, { default: taskcontext }] = await Promise.all([import('rollup'), import('taskcontext/rollup')]);
    const bundle = await rollup({
      input: entry,
      plugins: [{ name: 'package', resolveId: (id: string) => (id === 'taskcontext' ? packageEntry : null) }, ...(withPlugin ? [taskcontext()] : [])],
    });
    await bundle.write({ file: join(outDir, `${name}.js`), format: 'iife', sourcemap: true });
    await bundle.close();
  },
  async rolldown(outDir, name) {
    const [{ rolldown }, { default: taskcontext }] = await Promise.all([import('rolldown'), import('taskcontext/rolldown')]);
    const bundle = await rolldown({ input: entry, resolve: { alias: { taskcontext: packageEntry } }, plugins: [taskcontext()] });
    await bundle.write({ file: join(outDir, `${name}.js`), format: 'iife', sourcemap: true });
    await bundle.close();
  },
  async webpack(outDir, name) {
    const [{ default: webpack }, { default: taskcontext }] = await Promise.all([import('webpack'), import('taskcontext/webpack')]);
    await runCompiler(
      webpack({
        mode: 'production',
        context: appDir,
        entry,
        devtool: 'source-map',
        optimization: { minimize: false },
        resolve: { alias: { taskcontext$: packageEntry } },
        output: { path: outDir, filename: `${name}.js` },
        plugins: [taskcontext()],
      }),
    );
  },
  async rspack(outDir, name) {
    const [{ rspack }, { default: taskcontext }] = await Promise.all([import('@rspack/core'), import('taskcontext/rspack')]);
    await runCompiler(
      rspack({
        mode: 'production',
        context: appDir,
        entry,
        devtool: 'source-map',
        optimization: { minimize: false },
        resolve: { alias: { taskcontext$: packageEntry } },
        output: { path: outDir, filename: `${name}.js` },
        plugins: [taskcontext()],
      }),
    );
  },
  async esbuild(outDir, name, withPlugin) {
    const [{ build }, { default: taskcontext }] = await Promise.all([import('esbuild'), import('taskcontext/esbuild')]);
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      outfile: join(outDir, `${name}.js`),
      sourcemap: true,
      logLevel: 'error',
      alias: { taskcontext: packageEntry },
      plugins: withPlugin ? [taskcontext()] : [],
    });
  },
};

/** What webpack's and Rspack's compilers share. */
interface Compiler {
  run(callback: (error: Error | null, stats?: { hasErrors(): boolean; compilation: { errors: unknown[] } }) => void): void;
  close(callback: () => void): void;
}

function runCompiler(compiler: Compiler): Promise<void> {
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.compilation.errors.map(String).join('\n')));
        else resolve();
      });
    }),
  );
}

/** The inputs' hash: a change to the app, this file or the built package gives a new folder. */
function inputsKey(): string {
  const hash = createHash('sha256');
  for (const file of [...appSources(), import.meta.filename, packageEntry]) hash.update(readFileSync(file));
  for (const bundler of BUNDLERS) hash.update(readFileSync(join(root, 'dist', `${bundler}.mjs`)));
  return hash.digest('hex').slice(0, 12);
}

let built: Promise<string> | undefined;

/**
 * Builds every bundle unless this process or another already did; returns the
 * folder name under .cache/apps/ (for app.html's `bundle` query).
 */
export function buildApps(): Promise<string> {
  built ??= (async () => {
    const key = inputsKey();
    const dir = join(root, '.cache', 'apps', key);
    mkdirSync(join(root, '.cache', 'apps'), { recursive: true });
    // One builder at a time (Playwright's workers start together): the others wait for its folder.
    await onceAcrossProcesses(
      `${dir}.lock`,
      () => existsSync(dir),
      async () => {
        const staging = `${dir}.${process.pid}`;
        try {
          rmSync(staging, { recursive: true, force: true });
          mkdirSync(staging, { recursive: true });
          // One at a time: the machine is shared, and webpack and Rspack are heavy.
          for (const bundle of BUNDLES) {
            const [bundler, without] = bundle.split('-without-') as [Bundler, string | undefined];
            await builds[bundler](staging, bundle, without === undefined);
          }
          for (const framework of FRAMEWORKS) await buildFramework(staging, framework);
          await buildWorker(staging);
          renameSync(staging, dir);
        } finally {
          // A failed build leaves no half folder behind.
          rmSync(staging, { recursive: true, force: true });
        }
      },
      'e2e/apps/build.ts',
      180_000,
    );
    return key;
  })();
  return built;
}
