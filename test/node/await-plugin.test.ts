// The bundler plugins (taskcontext/vite, /rollup, /rolldown, /webpack,
// /rspack, /esbuild): which modules they rewrite, their options, and how a
// build reports what they cannot read. Their effect in real browsers is in
// e2e/ (the await app built by each bundler).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type RollupLog } from 'rollup';
import { createServer, type Plugin as VitePlugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { forServer, wanted } from '../../src/await-transform/plugin.js';
import { resolveOptions } from '../../src/await-transform/options.js';
import taskcontextRollup from '../../src/rollup.js';
import taskcontextVite from '../../src/vite.js';

const defaults = resolveOptions(undefined, 'test');

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
