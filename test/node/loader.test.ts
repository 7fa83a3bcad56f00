// taskcontext/loader: the await transform as a webpack loader, for webpack's
// and Rspack's module.rules and Next.js's turbopack.rules. Called here as
// Turbopack calls it (loader-runner with a subset of the loader API), and in a
// real webpack 5 build whose app reads context after await.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { transform } from 'esbuild';
import webpack from 'webpack';
import { describe, expect, it } from 'vitest';
import type { SourceMapV3 } from '../../src/await-transform/chain-map.js';
import type { InputSourceMap, LoaderContext } from '../../src/await-transform/loader-context.js';
import taskcontextLoader from '../../src/loader.js';

const root = join(import.meta.dirname, '..', '..');

interface Outcome {
  error: Error | null;
  code?: unknown;
  map?: unknown;
  warnings: string[];
}

/**
 * Calls `loader` with the context Turbopack gives a webpack loader: the
 * resource path, getOptions() returning the loader item's options (`{}`
 * when none), async() for the callback, the source as a string.
 */
function runLikeTurbopack(
  loader: typeof taskcontextLoader,
  resourcePath: string,
  source: string | Uint8Array,
  options: unknown = {},
  inputMap?: InputSourceMap,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const warnings: string[] = [];
    const context: LoaderContext = {
      resourcePath,
      getOptions: () => options,
      async: () => (error, code, map) => resolve({ error, code, map, warnings }),
      emitWarning: (warning) => warnings.push(warning.message),
    };
    loader.call(context, source, inputMap);
  });
}

const ASYNC = 'export async function f(g) {\n  const a = await g();\n  return a;\n}\n';

describe('the loader API subset Turbopack uses', () => {
  it('returns a string and a map that survives JSON (Turbopack sends both over IPC)', async () => {
    const { error, code, map } = await runLikeTurbopack(taskcontextLoader, '/app/src/a.js', ASYNC);
    expect(error).toBeNull();
    expect(typeof code).toBe('string');
    expect(code).toMatch(/__tcScope\.r\(await __tcScope\.s\(g\(\)\)\)/);
    expect(JSON.parse(JSON.stringify(map))).toEqual(map);
    expect(map).toMatchObject({ version: 3, sources: ['/app/src/a.js'], sourcesContent: [ASYNC] });
  });

  it('bytes in, a string out; a module it leaves alone comes back as a string too', async () => {
    const bytes = new TextEncoder().encode(ASYNC);
    expect(typeof (await runLikeTurbopack(taskcontextLoader, '/app/src/a.js', bytes)).code).toBe('string');
    const plain = await runLikeTurbopack(taskcontextLoader, '/app/src/b.js', new TextEncoder().encode('export const x = 1;\n'));
    expect(plain).toEqual({ error: null, code: 'export const x = 1;\n', map: undefined, warnings: [] });
  });

  it('JSX in a .js module (Next.js allows it, and Turbopack hands it over as written) parses, and stays JSX', async () => {
    const source = 'export async function Page({ load }) {\n  const data = await load();\n  return <main>{data}</main>;\n}\n';
    const { error, code } = await runLikeTurbopack(taskcontextLoader, '/app/pages/index.js', source);
    expect(error).toBeNull();
    expect(code).toContain('__tcScope.r(await __tcScope.s(load()))');
    expect(code).toContain('return <main>{data}</main>;');
  });

  it('the options of the plugins: target, nodeModules, include, exclude', async () => {
    const run = (path: string, options: unknown) => runLikeTurbopack(taskcontextLoader, path, ASYNC, options);
    expect((await run('/app/src/a.js', { target: 'node' })).code).toBe(ASYNC);
    expect((await run('/app/node_modules/lib/a.js', {})).code).toBe(ASYNC);
    expect((await run('/app/node_modules/lib/a.js', { nodeModules: true })).code).toContain('__tcScope');
    expect((await run('/app/src/a.js', { exclude: 'src/**' })).code).toBe(ASYNC);
    expect((await run('/app/docs/page.mdx', { include: ['**/*.mdx'] })).code).toContain('__tcScope');
  });

  it('bad options fail the module with a TypeError naming the loader and the option', async () => {
    const { error } = await runLikeTurbopack(taskcontextLoader, '/app/src/a.js', ASYNC, { target: 'deno' });
    expect(error).toBeInstanceOf(TypeError);
    expect(error!.message).toMatch(/^taskcontext\/loader: option 'target' must be one of/);
  });

  it('a syntax error is a loader error with the file, line and column', async () => {
    const { error, code } = await runLikeTurbopack(taskcontextLoader, '/app/src/bad.js', 'const f = async () => {\n  await ;\n};\n');
    expect(code).toBeUndefined();
    expect(error!.message).toMatch(/^taskcontext\/loader could not parse \/app\/src\/bad\.js:2:8: /);
  });

  it('code it cannot handle is left as written, with a warning naming the place', async () => {
    const { code, warnings } = await runLikeTurbopack(taskcontextLoader, '/app/src/g.js', 'export function* g(...xs) { yield xs; }\n');
    expect(code).toBe('export function* g(...xs) { yield xs; }\n');
    expect(warnings).toEqual([expect.stringMatching(/^taskcontext\/loader: \/app\/src\/g\.js:1:7: left as written, a generator with a rest parameter/)]);
  });

  it('chains the input map: each token of the output traces back where the input map sends it, in the original TypeScript', async () => {
    const original = 'type Id = number;\nexport async function load(id: Id, fetcher: (id: Id) => Promise<string>): Promise<string> {\n  const text: string = await fetcher(id);\n  return text.trim();\n}\n';
    const compiled = await transform(original, { loader: 'ts', sourcemap: 'external', sourcefile: '/app/src/load.ts' });
    const before = new TraceMap(compiled.map);
    /** Where `token` is in `code`: 1-based line, 0-based column (each token occurs once). */
    const placeOf = (code: string, token: string) => {
      const lines = code.split('\n');
      const line = lines.findIndex((text) => text.includes(token));
      expect(line, token).toBeGreaterThanOrEqual(0);
      return { line: line + 1, column: lines[line]!.indexOf(token) };
    };
    const tokens = ['load(id, fetcher)', 'const text', 'fetcher(id)', 'text.trim()', 'return'];
    // The input map itself sends these to their own place in the TypeScript.
    expect(originalPositionFor(before, placeOf(compiled.code, 'fetcher(id)'))).toMatchObject({ source: '/app/src/load.ts', ...placeOf(original, 'fetcher(id)') });
    for (const inputMap of [compiled.map, JSON.parse(compiled.map) as SourceMapV3]) {
      const { code, map } = await runLikeTurbopack(taskcontextLoader, '/app/src/load.ts', compiled.code, {}, inputMap);
      expect(code).toContain('__tcScope');
      expect(JSON.parse(JSON.stringify(map))).toEqual(map);
      const after = new TraceMap(map as SourceMapV3);
      for (const token of tokens) {
        expect(originalPositionFor(after, placeOf(code as string, token)), token).toEqual(originalPositionFor(before, placeOf(compiled.code, token)));
      }
    }
  });

  it('the published CommonJS entry is the loader function itself, as Turbopack and webpack require it', async () => {
    const required = createRequire(import.meta.url)('taskcontext/loader') as typeof taskcontextLoader;
    expect(typeof required).toBe('function');
    expect(required.name).toBe('taskcontextLoader');
    const { code, map } = await runLikeTurbopack(required, '/app/src/a.js', ASYNC);
    expect(code).toContain('__tcScope');
    expect(typeof JSON.stringify(map)).toBe('string');
  });
});

/** The app: a value set in a task, read after awaits of native promises (which no patch sees). */
const APP = `
import { Context, install } from 'taskcontext';
install();
const context = new Context();
async function read() {
  await Promise.resolve();
  await null;
  return context.get('id', 'empty');
}
globalThis.result = context.run({ id: 7 }, read);
`;

/** Builds the app with webpack 5, with or without the loader in module.rules; returns the bundle. */
async function buildApp(dir: string, withLoader: boolean): Promise<string> {
  const compiler = webpack({
    mode: 'production',
    context: dir,
    entry: './main.js',
    devtool: 'source-map',
    optimization: { minimize: false },
    // The app imports the package by name, as an app would: the browser build.
    resolve: { alias: { taskcontext$: join(root, 'dist', 'taskcontext.mjs') } },
    // By its name, resolved as webpack resolves loaders: through the package's "exports".
    module: { rules: withLoader ? [{ test: /\.js$/, exclude: /[\\/]dist[\\/]/, use: ['taskcontext/loader'] }] : [] },
    output: { path: join(dir, 'out'), filename: `${withLoader ? 'with' : 'without'}.js` },
  });
  await new Promise<void>((resolve, reject) =>
    compiler.run((error, stats) =>
      compiler.close(() => {
        if (error) reject(error);
        else if (stats?.hasErrors()) reject(new Error(stats.toString('errors-only')));
        else resolve();
      }),
    ),
  );
  return join(dir, 'out', `${withLoader ? 'with' : 'without'}.js`);
}

describe('in a real webpack 5 build (module.rules)', () => {
  it('an async function reads its context after await with the loader, and loses it without', async () => {
    // Inside the package, so that 'taskcontext/loader' resolves as in an app that installed it.
    const dir = join(root, '.cache', `loader-app-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'main.js'), APP);
      const seen: Record<string, unknown> = {};
      for (const withLoader of [true, false]) {
        const bundle = await buildApp(dir, withLoader);
        const code = readFileSync(bundle, 'utf8');
        expect(code.includes('__tcScope'), `loader ${withLoader}`).toBe(withLoader);
        // A fresh realm without AsyncLocalStorage: the patch layer, as in a browser.
        const realm = vm.createContext({});
        vm.runInContext(code, realm);
        seen[withLoader ? 'with' : 'without'] = await (realm.result as Promise<unknown>);
        if (withLoader) {
          const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMapV3;
          expect(map.sources.some((source) => source?.endsWith('main.js'))).toBe(true);
        }
      }
      expect(seen).toEqual({ with: 7, without: 'empty' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
