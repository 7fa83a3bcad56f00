/**
 * Packaging proof: what a user gets from `npm install taskcontext`.
 *
 * Packs the real build with `npm pack`, installs the tarball into a fresh
 * project in a temp folder (offline: the package has no dependencies), then
 * uses it the ways users do: `require`, `import`, TypeScript (NodeNext ESM and
 * CJS, Bundler), and the UMD file as a browser <script>. The build itself is
 * done by `npm test` before vitest; this file builds only if dist/ is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_ENTRIES, type PluginEntryName } from '../../src/await-transform/entries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', '.bin', 'tsc');
const BUNDLES = [
  'taskcontext.mjs',
  'taskcontext.cjs',
  'taskcontext.umd.js',
  'taskcontext.umd.min.js',
  'taskcontext.core.umd.js',
  'taskcontext.core.umd.min.js',
  'taskcontext.legacy.umd.min.js',
];
/** Public names and what each must be (AsyncContext is the TC39 namespace object). */
const EXPORTS: Record<string, string> = {
  Context: 'function',
  runTask: 'function',
  AsyncContext: 'object',
  'AsyncContext.Variable': 'function',
  'AsyncContext.Snapshot': 'function',
  AsyncLocalStorage: 'function',
  AsyncResource: 'function',
  backend: 'function',
};

let temp: string; // holds pack/, consumer/ and npm-cache/, removed in afterAll
let consumer: string; // the fresh project the tarball is installed into
let packed: string[]; // paths inside the tarball, as `npm pack` lists them
let installed: string; // consumer/node_modules/taskcontext
let tarball: string; // the packed .tgz, as it would be published

/**
 * The environment of a fresh shell: no npm_* variables inherited from
 * `npm test` (they would point the nested npm at this repo) and no
 * NODE_OPTIONS (a loader from the test runner is not what users have).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, npm_config_cache: join(temp, 'npm-cache'), npm_config_update_notifier: 'false' };
}

/** Runs a command; rejects with its output, so a failure shows what the user would see. */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: { ...cleanEnv(), ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed (exit ${error.code}):\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

beforeAll(async () => {
  const built = BUNDLES.every((f) => existsSync(join(root, 'dist', f)));
  if (!built) await run(join(root, 'node_modules', '.bin', 'rollup'), ['-c'], root);

  temp = await mkdtemp(join(tmpdir(), 'taskcontext-package-'));
  const packDir = join(temp, 'pack');
  consumer = join(temp, 'consumer');
  await mkdir(packDir);
  await mkdir(consumer);

  const [pack] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', packDir], root)) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  packed = pack!.files.map((f) => f.path);
  tarball = join(packDir, pack!.filename);

  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  await run(
    'npm',
    ['install', join(packDir, pack!.filename), '--no-audit', '--no-fund', '--offline', '--no-package-lock'],
    consumer,
  );
  installed = join(consumer, 'node_modules', 'taskcontext');
}, 120_000);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the built files and the README, not the sources or tests', () => {
    for (const bundle of BUNDLES) expect(packed).toContain(`dist/${bundle}`);
    expect(packed.some((p) => p.startsWith('dist/') && p.endsWith('.d.ts')), 'declarations').toBe(true);
    expect(packed.some((p) => /^readme(\.md)?$/i.test(p)), `README in ${packed.join(', ')}`).toBe(true);
    const leaked = packed.filter((p) => /^(src|test|examples|e2e)\//.test(p));
    expect(leaked).toEqual([]);
  });

  it('contains every file that package.json points to', async () => {
    // A path in main/module/types/exports that is not in the tarball is a
    // "cannot find module" or an `any`-typed import for every user.
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Record<string, unknown>;
    const targets = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    ['main', 'module', 'types', 'typings', 'unpkg', 'jsdelivr', 'browser', 'exports'].forEach((k) => collect(pkg[k]));
    const missing = [...targets].filter((t) => !existsSync(join(installed, t)));
    expect(missing, `package.json names files the tarball lacks`).toEqual([]);
  });
});

describe('installed package, as Node users load it', () => {
  // The same check for both module systems: the public names exist, the
  // backend on Node is AsyncLocalStorage, and a value survives a timer.
  const check = (load: string) => `
    ${load}
    const names = ${JSON.stringify(Object.keys(EXPORTS))};
    const kinds = Object.fromEntries(names.map((n) => [n, typeof n.split('.').reduce((o, k) => o?.[k], m)]));
    const context = new m.Context();
    context
      .run({ requestId: 7 }, async () => {
        await new Promise((r) => setTimeout(r, 5));
        return context.get('requestId');
      })
      .then((seen) => console.log(JSON.stringify({ kinds, backend: m.backend(), seen })));
  `;
  const expected = {
    kinds: EXPORTS,
    backend: 'als',
    seen: 7,
  };

  it('require("taskcontext") works (CommonJS)', async () => {
    const out = await run(process.execPath, ['-e', check(`const m = require('taskcontext');`)], consumer);
    expect(JSON.parse(out)).toEqual(expected);
  }, 30_000);

  it('import("taskcontext") works (ESM)', async () => {
    const out = await run(
      process.execPath,
      ['--input-type=module', '-e', check(`const m = await import('taskcontext');`)],
      consumer,
    );
    expect(JSON.parse(out)).toEqual(expected);
  }, 30_000);

  it('import and require reach one instance: a task opened through one is seen by the other', async () => {
    // Two copies would mean two current frames: a Context from require() would
    // find no task inside runTask from import, and throw.
    const script = `
      import { createRequire } from 'node:module';
      import { runTask, Context } from 'taskcontext';
      const required = createRequire(import.meta.url)('taskcontext');
      const context = new required.Context();
      const seen = await runTask(async () => {
        context.set('a', 1);
        await new Promise((r) => setTimeout(r, 1));
        return context.get('a');
      });
      console.log(JSON.stringify({ seen, same: required.Context === Context }));
    `;
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(JSON.parse(out)).toEqual({ seen: 1, same: true });
  }, 30_000);
});

describe('the bundler plugin entries, as an app loads them from its bundler config', () => {
  /** What each bundler takes: a plugin object with hooks, a webpack-style `apply`, an esbuild `setup`. */
  const SHAPES: Record<PluginEntryName, string> = { vite: 'hooks', rollup: 'hooks', rolldown: 'hooks', webpack: 'apply', rspack: 'apply', esbuild: 'setup' };
  const names = Object.keys(PLUGIN_ENTRIES) as PluginEntryName[];
  /** Each entry by require and by import: the factory (its type and name), and what calling it gives. */
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const shapeOf = (plugin) =>
      typeof plugin.apply === 'function' ? 'apply'
      : typeof plugin.setup === 'function' ? 'setup'
      : plugin.name === 'taskcontext-await' && plugin.enforce === 'post' && typeof plugin.transform === 'function' ? 'hooks'
      : 'unknown: ' + Object.keys(plugin).join();
    const seen = {};
    for (const name of ${JSON.stringify(names)}) {
      const factories = { require: require('taskcontext/' + name), import: (await import('taskcontext/' + name)).default };
      seen[name] = {};
      for (const [how, factory] of Object.entries(factories)) {
        let made;
        try { made = shapeOf(factory()); } catch (error) { made = error.message; }
        seen[name][how] = [typeof factory, factory.name, made];
      }
    }
    console.log(JSON.stringify(seen));
  `;
  const expected = (made: (name: PluginEntryName) => string) =>
    Object.fromEntries(names.map((name) => {
      const factory = ['function', `taskcontext${name[0]!.toUpperCase()}${name.slice(1)}`, made(name)];
      return [name, { require: factory, import: factory }];
    }));

  it('package.json has an export and a folder for each, and nothing else in the table\'s place', async () => {
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; files: string[] };
    for (const name of names) {
      expect(pkg.exports[`./${name}`], name).toEqual({
        import: { types: `./dist/types/${name}.d.ts`, default: `./dist/${name}.mjs` },
        require: { types: `./dist/types/${name}.d.cts`, default: `./dist/${name}.cjs` },
        default: `./dist/${name}.mjs`,
      });
      expect(pkg.files).toContain(name);
    }
  });

  it('without the peer dependencies, each factory, from require and import, throws naming its subpath and what to install', async () => {
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(JSON.parse(out)).toEqual(expected((name) => `taskcontext/${name} needs unplugin, magic-string, oxc-parser: install with \`npm install --save-dev unplugin magic-string oxc-parser\``));
  }, 30_000);

  it('with them, each factory, from require and import, makes a plugin of its bundler\'s shape', async () => {
    // The peers as an app that installed them has them, on NODE_PATH so that
    // the consumer project stays as npm left it for the other tests.
    const peers = join(temp, 'peers');
    await mkdir(peers, { recursive: true });
    for (const peer of ['unplugin', 'magic-string', 'oxc-parser']) {
      if (!existsSync(join(peers, peer))) await symlink(join(root, 'node_modules', peer), join(peers, peer), 'junction');
    }
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer, { NODE_PATH: peers });
    expect(JSON.parse(out)).toEqual(expected((name) => SHAPES[name]));
  }, 30_000);
});

describe('taskcontext/loader, as webpack and Turbopack require it', () => {
  // Called as Turbopack calls a loader: resourcePath, getOptions(), async(), a string.
  const script = `
    import { createRequire } from 'node:module';
    const loaders = { require: createRequire(import.meta.url)('taskcontext/loader'), import: (await import('taskcontext/loader')).default };
    const seen = {};
    for (const [how, loader] of Object.entries(loaders)) {
      seen[how] = await new Promise((resolve) => {
        const context = { resourcePath: '/app/a.js', getOptions: () => ({}), async: () => (error, code, map) =>
          resolve(error ? error.message : [typeof code, code.includes('__tcScope'), typeof JSON.stringify(map)]) };
        loader.call(context, 'export async function f(g) { return await g(); }', undefined);
      });
    }
    console.log(JSON.stringify(seen));
  `;

  it('without its peer dependencies, the loader fails the module naming itself and what to install', async () => {
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer);
    const message = 'taskcontext/loader needs magic-string, oxc-parser: install with `npm install --save-dev magic-string oxc-parser`';
    expect(JSON.parse(out)).toEqual({ require: message, import: message });
  }, 30_000);

  it('with them, the loader function from require and import returns a string and a JSON-able map', async () => {
    const peers = join(temp, 'peers');
    await mkdir(peers, { recursive: true });
    for (const peer of ['magic-string', 'oxc-parser']) {
      if (!existsSync(join(peers, peer))) await symlink(join(root, 'node_modules', peer), join(peers, peer), 'junction');
    }
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer, { NODE_PATH: peers });
    expect(JSON.parse(out)).toEqual({ require: ['string', true, 'string'], import: ['string', true, 'string'] });
  }, 30_000);
});

describe('taskcontext/metro and taskcontext/jest, as Metro and Jest load them', () => {
  // Metro requires babelTransformerPath (transform, getCacheKey); Jest requires a transformer
  // module and calls its createTransformer. metro.config.js calls withTaskContext().
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const seen = {};
    for (const [how, metro, jest] of [
      ['require', require('taskcontext/metro'), require('taskcontext/jest')],
      ['import', await import('taskcontext/metro'), await import('taskcontext/jest')],
    ]) {
      let configured;
      try {
        configured = metro.withTaskContext({ transformer: {} }).transformer.babelTransformerPath.replace(/\\\\/g, '/').replace(/^.*node_modules\\//, '');
      } catch (error) {
        configured = error.message;
      }
      let jestError;
      try {
        jest.createTransformer({ transformer: 'no-such-transformer' });
      } catch (error) {
        jestError = error.message;
      }
      seen[how] = [typeof metro.transform, typeof metro.getCacheKey, configured, typeof jest.createTransformer, jestError];
    }
    console.log(JSON.stringify(seen));
  `;

  it('without the peer dependencies, withTaskContext() and createTransformer() throw naming their subpath and what to install', async () => {
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer);
    const needs = (entry: string) => `${entry} needs magic-string, oxc-parser: install with \`npm install --save-dev magic-string oxc-parser\``;
    const shape = ['function', 'function', needs('taskcontext/metro'), 'function', needs('taskcontext/jest')];
    expect(JSON.parse(out)).toEqual({ require: shape, import: shape });
  }, 30_000);

  it('with them, Metro gets the CommonJS build as its transformer, and Jest a transformer factory', async () => {
    const peers = join(temp, 'peers');
    await mkdir(peers, { recursive: true });
    for (const peer of ['magic-string', 'oxc-parser']) {
      if (!existsSync(join(peers, peer))) await symlink(join(root, 'node_modules', peer), join(peers, peer), 'junction');
    }
    const out = await run(process.execPath, ['--input-type=module', '-e', script], consumer, { NODE_PATH: peers });
    const shape = ['function', 'function', 'taskcontext/dist/metro.cjs', 'function', "taskcontext/jest could not find 'no-such-transformer' to hand files on to: install it, or name another with { transformer }"];
    expect(JSON.parse(out)).toEqual({ require: shape, import: shape });
  }, 30_000);
});

describe('installed package, as TypeScript users compile against it', () => {
  // Typed use of the API. The @ts-expect-error line fails the check if the
  // import silently became `any` (a missing or unreachable declaration file).
  const consumerSource = `
import { Context, runTask, backend, ContextError, type BackendName } from 'taskcontext';

const context = new Context<{ requestId: number }>();
export const name: BackendName = backend();
export const seen: Promise<number> = runTask(async () => {
  context.set('requestId', 42);
  return context.get('requestId', 0);
});
export const isError: boolean = new ContextError('x') instanceof Error;
// @ts-expect-error requestId is a number in this context's schema
context.set('requestId', 'forty-two');
`;

  /**
   * Type-checks `files` with the repo's tsc. skipLibCheck stays false (tsc's
   * default): errors inside the shipped .d.ts files count too.
   */
  async function typecheck(label: string, options: Record<string, unknown>, files: Record<string, string>) {
    const dir = join(consumer, label);
    await mkdir(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022'],
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        ...options,
      },
      files: Object.keys(files),
    };
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
    await run(tsc, ['-p', join(dir, 'tsconfig.json')], dir);
  }

  it('NodeNext, ESM consumer (.mts)', async () => {
    await typecheck('nodenext-esm', { module: 'NodeNext', moduleResolution: 'NodeNext' }, { 'consumer.mts': consumerSource });
  }, 60_000);

  it('NodeNext, CommonJS consumer (.cts: imports become require())', async () => {
    await typecheck('nodenext-cjs', { module: 'NodeNext', moduleResolution: 'NodeNext' }, { 'consumer.cts': consumerSource });
  }, 60_000);

  it('Node16, CommonJS consumer (.cts): require() gets the .d.cts declarations', async () => {
    // A .d.ts in a "type": "module" package is ESM to TypeScript; without the
    // .d.cts twins this fails with TS1479.
    await typecheck('node16-cjs', { module: 'Node16', moduleResolution: 'Node16' }, { 'consumer.cts': consumerSource });
  }, 60_000);

  it('Bundler resolution (ESM consumer)', async () => {
    await typecheck('bundler', { module: 'ESNext', moduleResolution: 'Bundler' }, { 'consumer.ts': consumerSource });
  }, 60_000);
});

describe('UMD build, as a browser <script> loads it', () => {
  it.each(['taskcontext.umd.min.js', 'taskcontext.umd.js'])('%s defines the TaskContext global', async (file) => {
    const code = await readFile(join(installed, 'dist', file), 'utf8');
    // A fresh global with no module/exports/define/process: the UMD wrapper
    // must fall through to assigning a global, as in a page without a loader.
    const sandbox = vm.createContext({});
    expect(vm.runInContext('[typeof module, typeof exports, typeof define, typeof process]', sandbox)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
    vm.runInContext(code, sandbox, { filename: file });

    const kinds = vm.runInContext(
      `typeof TaskContext === 'object' && TaskContext !== null
         ? [typeof TaskContext.Context, typeof TaskContext.install, typeof TaskContext.backend]
         : typeof TaskContext`,
      sandbox,
    ) as unknown;
    expect(kinds).toEqual(['function', 'function', 'function']);
    // No AsyncLocalStorage and no native AsyncContext here: the patch layer, as in a browser.
    expect(vm.runInContext('TaskContext.backend()', sandbox)).toBe('patch');
    // And it works: a task's value is readable inside the task.
    const value = vm.runInContext(
      `(() => {
         const context = new TaskContext.Context();
         return TaskContext.runTask(() => { context.set('requestId', 5); return context.get('requestId'); });
       })()`,
      sandbox,
    ) as unknown;
    expect(value).toBe(5);
  });
});

describe('the ecosystem\'s checkers, on the packed tarball', () => {
  it('@arethetypeswrong/cli: no problem in any resolution (node10, node16 CJS and ESM, bundler)', async () => {
    // Exits non-zero on any problem; the rejection carries its table.
    await run(join(root, 'node_modules', '.bin', 'attw'), [tarball, '--format', 'table-flipped'], root);
  }, 120_000);

  it('publint --strict: no error, warning or suggestion', async () => {
    const out = await run(join(root, 'node_modules', '.bin', 'publint'), ['run', tarball, '--strict'], root);
    expect(out).toMatch(/All good/);
  }, 120_000);

  it('every subpath export has a folder for tools that ignore "exports" (TypeScript node10, old bundlers)', async () => {
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports).filter((key) => key !== '.' && !key.endsWith('.json'));
    for (const subpath of subpaths) {
      const stub = join(installed, subpath, 'package.json');
      expect(existsSync(stub), `${subpath}/package.json (add the folder and list it in "files")`).toBe(true);
      const fields = JSON.parse(await readFile(stub, 'utf8')) as Record<string, string>;
      for (const field of ['main', 'module', 'types']) {
        expect(existsSync(join(installed, subpath, fields[field]!)), `${subpath}/package.json ${field}`).toBe(true);
      }
    }
  });
});

describe('source maps', () => {
  it('carry their sources, and name no path into the unshipped src/', async () => {
    const maps = (await readdir(join(installed, 'dist'), { recursive: true })).filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const file of maps) {
      const map = JSON.parse(await readFile(join(installed, 'dist', file), 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> };
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent!.every((text) => typeof text === 'string' && text.length > 0), `${file}: sourcesContent`).toBe(true);
      expect(map.sources.filter((source) => source.startsWith('.') || !source.startsWith('taskcontext:')), file).toEqual([]);
    }
  });
});

/**
 * The oldest engines the bundles run in (the README's support table states
 * them). Syntax: `#field in obj` (Chrome 91, Firefox 90, Safari 15; no class
 * static blocks, which React Native's Babel preset rejects); API:
 * Object.hasOwn (Chrome 93, Edge 93, Firefox 92, Safari 15.4).
 */
const OLDEST_ENGINES = ['chrome93', 'edge93', 'firefox92', 'safari15.4', 'node20'];

describe('browser support: every shipped file runs in the oldest engines stated', () => {
  // esbuild lowers whatever a target lacks: a file that comes out of a
  // transform for the oldest engines exactly as it does for `esnext` uses no
  // syntax newer than they have.
  it('esbuild changes nothing when targeting them', async () => {
    const files = (await readdir(join(installed, 'dist'), { recursive: true })).filter((file) => /\.[cm]?js$/.test(file));
    expect(files.length).toBeGreaterThan(10);
    const lowered: string[] = [];
    for (const file of files) {
      const code = await readFile(join(installed, 'dist', file), 'utf8');
      const latest = (await transform(code, { target: 'esnext', charset: 'utf8' })).code;
      const oldest = (await transform(code, { target: OLDEST_ENGINES, charset: 'utf8' })).code;
      if (oldest !== latest) lowered.push(file);
    }
    expect(lowered, 'files with syntax newer than the oldest supported engines').toEqual([]);
  }, 60_000);

  it('the check notices newer syntax: one version older changes the bundles', async () => {
    const code = await readFile(join(installed, 'dist', 'taskcontext.umd.min.js'), 'utf8');
    const latest = (await transform(code, { target: 'esnext', charset: 'utf8' })).code;
    // One version below the syntax floor (`#field in obj`): the floor above it is Object.hasOwn's, an API.
    for (const older of ['chrome90', 'firefox89', 'safari14.1']) {
      expect((await transform(code, { target: older, charset: 'utf8' })).code, older).not.toBe(latest);
    }
  });

  it('the README states the same oldest versions', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    for (const stated of ['Chrome 93', 'Edge 93', 'Firefox 92', 'Safari 15.4', 'Node 20']) expect(readme).toContain(stated);
  });
});
