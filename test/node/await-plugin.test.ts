// The bundler plugins (taskcontext/vite, /rollup, /rolldown, /webpack,
// /rspack, /esbuild): which modules they rewrite, their options, and how a
// build reports what they cannot read. Their effect in real browsers is in
// e2e/ (the await app built by each bundler).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { build as esbuild, type BuildOptions } from 'esbuild';
import { rolldown } from 'rolldown';
import { rollup, type RollupLog } from 'rollup';
import { createServer, type Plugin as VitePlugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { forServer, pluginFactory, wanted } from '../../src/await-transform/plugin.js';
import { resolveOptions } from '../../src/await-transform/options.js';
import { esbuildLoaderFor } from '../../src/await-transform/module-type.js';

const defaults = resolveOptions(undefined, 'test');
// The factories the package entries export (rollup.config.mjs builds each entry from entries.ts).
const taskcontextRollup = pluginFactory('rollup');
const taskcontextRolldown = pluginFactory('rolldown');
const taskcontextEsbuild = pluginFactory('esbuild');
const taskcontextVite = pluginFactory('vite');

describe('which modules are rewritten', () => {
  it.each([
    ['/app/src/main.js', true],
    ['/app/src/main.ts', true],
    ['/app/src/App.tsx', true],
    ['/app/src/lib.mjs', true],
    ['/app/src/store.svelte.ts', true],
    ['/app/src/Counter.svelte', true],
    ['/app/src/App.vue', true],
    ['/app/src/App.vue?vue&type=script&setup=true&lang.ts', true],
    ['/app/src/App.vue?vue&type=style&index=0&lang.css', false],
    ['/app/src/App.vue?vue&type=template&lang.js', false],
    ['/app/src/Counter.svelte?svelte&type=style&lang.css', false],
    ['/app/src/pages/index.astro?astro&type=script&index=0&lang.ts', true],
    ['/app/src/pages/index.astro', false],
    ['/app/src/style.css', false],
    ['\0virtual:module.js', false],
    ['/app/node_modules/lib/index.js', false],
    ['C:\\app\\node_modules\\lib\\index.js', false],
  ])('%s: %s by default', (id, expected) => {
    expect(wanted(id, defaults)).toBe(expected);
  });

  it('node_modules when asked', () => {
    expect(wanted('/app/node_modules/lib/index.js', resolveOptions({ nodeModules: true }, 'test'))).toBe(true);
  });

  it('include replaces the default set: it can name more (an .mdx page) and fewer; RegExps see queries', () => {
    const options = resolveOptions({ include: [/\.mdx$/, 'src/**/*.js', /type=script/] }, 'test');
    expect(wanted('/app/docs/page.mdx', options)).toBe(true);
    expect(wanted('/app/src/a.js?v=123', options)).toBe(true);
    expect(wanted('/app/lib/a.js', options)).toBe(false);
    expect(wanted('/app/src/App.vue?vue&type=script&lang.ts', options)).toBe(true);
  });

  it('exclude wins', () => {
    expect(wanted('/app/src/legacy/a.js', resolveOptions({ exclude: /legacy/ }, 'test'))).toBe(false);
    expect(wanted('/app/src/App.vue?vue&type=script&lang.ts', resolveOptions({ exclude: /lang\.ts$/ }, 'test'))).toBe(false);
  });
});

/** Builds one virtual module through Rollup with the plugin; returns the output and the warnings. */
async function build(source: string, options?: Parameters<typeof taskcontextRollup>[0]) {
  const warnings: RollupLog[] = [];
  const bundle = await rollup({
    input: '/app/src/main.js',
    plugins: [{ name: 'virtual', resolveId: (id) => id, load: () => source }, taskcontextRollup(options)],
    onwarn: (warning) => void warnings.push(warning),
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return { code: output[0].code, warnings };
}

describe('in a real build (Rollup)', () => {
  it('rewrites async code, and does nothing for target node or native', async () => {
    const source = 'export async function f() { return await g(); }\n';
    expect((await build(source)).code).toMatch(/__tcScope\.r\(await __tcScope\.s\(g\(\)\)\)/);
    expect((await build(source, { target: 'node' })).code).not.toContain('__tcScope');
    expect((await build(source, { target: 'native' })).code).not.toContain('__tcScope');
  });

  it('a syntax error fails the build with the file, line and column', async () => {
    const error = (await build('const f = async () => {\n  await ;\n};').catch((e: unknown) => e)) as Error & { loc?: unknown };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('/app/src/main.js:2:8');
    expect(error.loc).toMatchObject({ file: '/app/src/main.js', line: 2, column: 8 });
  });

  it('code it cannot handle is left as written, with one warning naming the place', async () => {
    const { code, warnings } = await build('export function* g(...xs) { yield xs; }\n');
    expect(code).not.toContain('__tcScope');
    const ours = warnings.filter((w) => w.plugin === 'taskcontext-await');
    expect(ours).toHaveLength(1);
    expect(ours[0]!.message).toContain('/app/src/main.js:1:7');
    expect(ours[0]!.message).toContain('rest parameter');
  });
});

describe('Vite: client or server is decided for each module, from what Vite passes with it', () => {
  it.each([
    ['a Vite 6+ client environment', { environment: { name: 'client', config: { consumer: 'client' } } }, undefined, false],
    ['a Vite 6+ server environment', { environment: { name: 'worker', config: { consumer: 'server' } } }, undefined, true],
    ["Vite 6+'s ssr environment", { environment: { name: 'ssr', config: {} } }, undefined, true],
    ['the environment over the ssr flag', { environment: { name: 'client', config: { consumer: 'client' } } }, { ssr: true }, false],
    ['Vite 5 and older: options.ssr', {}, { ssr: true }, true],
    ['Vite 5 and older: a client module', {}, { ssr: false }, false],
    ['Rollup, webpack, esbuild: nothing passed', undefined, undefined, false],
  ])('%s', (_label, context, options, expected) => {
    expect(forServer(context, options)).toBe(expected);
  });

  it('one plugin instance, two configs (Nuxt dev: client, then server with build.ssr): client modules are rewritten, server ones not', async () => {
    // The last config resolved is the server's: a flag saved from it would turn the client's transform off.
    const root = mkdtempSync(join(tmpdir(), 'taskcontext-vite-'));
    const base = {
      configFile: false as const,
      logLevel: 'silent' as const,
      root,
      appType: 'custom' as const,
      server: { middlewareMode: true, ws: false as const },
      optimizeDeps: { noDiscovery: true, include: [] },
    };
    const plugin = taskcontextVite() as VitePlugin;
    const client = await createServer({ ...base, plugins: [plugin] });
    const server = await createServer({ ...base, plugins: [plugin], build: { ssr: true } });
    try {
      writeFileSync(join(root, 'main.js'), 'export async function f(g) { return await g(); }\n');
      expect((await client.transformRequest('/main.js'))?.code).toMatch(/__tcScope\.r\(await __tcScope\.s\(g\(\)\)\)/);
      expect((await server.environments.client.transformRequest('/main.js'))?.code).toContain('__tcScope');
      expect((await server.environments.ssr.transformRequest('/main.js'))?.code).not.toContain('__tcScope');
      expect((await client.environments.ssr.transformRequest('/main.js'))?.code).not.toContain('__tcScope');
    } finally {
      await Promise.all([client.close(), server.close()]);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/** A folder of source files, removed after `use`. */
async function withFiles<T>(files: Record<string, string>, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'taskcontext-loaders-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds `entry` with esbuild into one script, runs it in a fresh realm, returns what it left on globalThis. */
async function esbuildAndRun(dir: string, entry: string, options: BuildOptions): Promise<{ code: string; globals: Record<string, unknown> }> {
  const result = await esbuild({ entryPoints: [join(dir, entry)], bundle: true, write: false, format: 'iife', logLevel: 'silent', ...options });
  const code = result.outputFiles![0]!.text;
  const globals = vm.createContext({});
  vm.runInContext(code, globals);
  return { code, globals };
}

describe("the bundler's own reading of a module: the plugin parses it as that language and keeps the bundler's loader", () => {
  // A .ts file the build reads as JavaScript: its import of a module with a
  // side effect stays (the ts loader would drop it, as it names nothing used).
  const sideEffect = {
    'main.ts': "import { unused } from './side.js';\nexport async function f(g) { return await g(); }\nglobalThis.mainRan = true;\n",
    'side.js': 'globalThis.sideEffectRan = true;\nexport const unused = 1;\n',
  };

  it("esbuild, loader { '.ts': 'js' }: the side-effect import still runs, as it does without the plugin", async () => {
    await withFiles(sideEffect, async (dir) => {
      const without = await esbuildAndRun(dir, 'main.ts', { loader: { '.ts': 'js' } });
      expect(without.globals).toEqual({ mainRan: true, sideEffectRan: true });
      const withPlugin = await esbuildAndRun(dir, 'main.ts', { loader: { '.ts': 'js' }, plugins: [taskcontextEsbuild()] });
      expect(withPlugin.code).toContain('__tcScope');
      expect(withPlugin.globals).toEqual({ mainRan: true, sideEffectRan: true });
    });
  });

  it('esbuild: one plugin object in two builds at once, each with its own loader setting, gets its own loader', async () => {
    await withFiles(sideEffect, async (dir) => {
      const plugin = taskcontextEsbuild();
      const [asJs, asTs] = await Promise.all([
        esbuildAndRun(dir, 'main.ts', { loader: { '.ts': 'js' }, plugins: [plugin] }),
        esbuildAndRun(dir, 'main.ts', { plugins: [plugin] }),
      ]);
      expect(asJs.globals).toEqual({ mainRan: true, sideEffectRan: true });
      // The default ts loader drops the import: the plugin changes nothing there either.
      expect(asTs.globals).toEqual({ mainRan: true });
      expect((await esbuildAndRun(dir, 'main.ts', {})).globals).toEqual({ mainRan: true });
    });
  });

  const jsx = {
    'app.js': "const h = (tag) => ({ tag });\nexport async function view(g) { await g(); return <main />; }\nglobalThis.tag = view.toString().includes('h(\"main\"') ? 'h' : 'no';\n",
  };

  it("esbuild, loader { '.js': 'jsx' }: JSX in a .js module parses, and esbuild compiles it", async () => {
    await withFiles(jsx, async (dir) => {
      const { code, globals } = await esbuildAndRun(dir, 'app.js', { loader: { '.js': 'jsx' }, jsxFactory: 'h', plugins: [taskcontextEsbuild()] });
      expect(code).toContain('__tcScope');
      expect(globals).toEqual({ tag: 'h' });
    });
  });

  it("Rolldown, moduleTypes { '.js': 'jsx' }: JSX in a .js module parses", async () => {
    await withFiles(jsx, async (dir) => {
      const bundle = await rolldown({
        input: join(dir, 'app.js'),
        moduleTypes: { '.js': 'jsx' },
        transform: { jsx: { runtime: 'classic', pragma: 'h' } },
        plugins: [taskcontextRolldown()],
        logLevel: 'silent',
      });
      const { output } = await bundle.generate({ format: 'es' });
      await bundle.close();
      expect(output[0].code).toContain('__tcScope');
      expect(output[0].code).toMatch(/h\("main"/);
    });
  });

  it.each([
    ['/a/b.ts', undefined, 'ts'],
    ['/a/b.ts', { '.ts': 'js' }, 'js'],
    ['/a/b.ts', { '.ts': 'default' }, 'ts'],
    ['/a/b.js', { '.js': 'jsx' }, 'jsx'],
    ['/a/b.module.css', { '.css': 'css', '.module.css': 'local-css' }, 'local-css'],
    ['/a/b.MTS', undefined, 'ts'],
    ['/a/b.vue', undefined, 'js'],
  ] as const)("esbuild's loader for %s with %j: %s", (path, configured, expected) => {
    expect(esbuildLoaderFor(path, configured)).toBe(expected);
  });
});

describe('bad options', () => {
  it.each([
    [{ nodeModules: 'yes' }, /taskcontext\/rollup: option 'nodeModules' must be a boolean/],
    [{ target: 'deno' }, /option 'target' must be one of 'browser', 'node', 'native'/],
    [{ include: 5 }, /option 'include' must be a glob string, a RegExp or an array of them/],
    [{ exclude: [/ok/, {}] }, /option 'exclude'/],
    [{ inlcude: 'src/**' }, /unknown option 'inlcude'/],
    [42, /expected an options object/],
  ])('%j throws a TypeError when the plugin is created, naming the option', (options, message) => {
    expect(() => taskcontextRollup(options as never)).toThrow(TypeError);
    expect(() => taskcontextRollup(options as never)).toThrow(message);
  });
});

describe('the published entries (dist/, after npm run build)', () => {
  const require = createRequire(import.meta.url);
  it.each(['vite', 'rollup', 'rolldown', 'webpack', 'rspack', 'esbuild'])('taskcontext/%s: the default export is the plugin factory from import and require', async (name) => {
    const required = require(`taskcontext/${name}`) as unknown;
    const imported = ((await import(`taskcontext/${name}`)) as { default: unknown }).default;
    for (const factory of [required, imported]) {
      expect(typeof factory).toBe('function');
      const plugin = (factory as () => { name?: string; apply?: unknown })();
      // webpack and Rspack take a plugin object with apply(); the others a named plugin.
      if (name === 'webpack' || name === 'rspack') expect(typeof plugin.apply).toBe('function');
      else expect(plugin.name).toBe('taskcontext-await');
    }
  });
});

describe('an app without the plugin dependencies', () => {
  it('creating a plugin throws an error naming what to install', async () => {
    // dist/ copied where no node_modules can be found: as in an app that installed only the runtime.
    const dir = mkdtempSync(join(tmpdir(), 'taskcontext-no-peers-'));
    try {
      cpSync(join(import.meta.dirname, '..', '..', 'dist'), dir, { recursive: true });
      const { default: taskcontextVite } = (await import(pathToFileURL(join(dir, 'vite.mjs')).href)) as { default: () => unknown };
      expect(() => taskcontextVite()).toThrow('taskcontext/vite needs unplugin, magic-string, oxc-parser: install with `npm install --save-dev unplugin magic-string oxc-parser`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
