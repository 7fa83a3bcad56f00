// Bundles a peer test file, as written, with Mocha set up around it: once
// against the package's own manager ("theirs", its src/ from the checkout)
// and once with that import aliased to our shim ("ours"). Nothing of the
// checkout is copied: esbuild reads it where it is.
import { build, type Plugin } from 'esbuild';
import { builtinModules } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { grepFor, type OtelSuite } from './suites.js';

const root = join(import.meta.dirname, '..', '..', '..');
const here = import.meta.dirname;

export type Variant = 'ours' | 'theirs';
export type Target = 'server' | 'browser';

export interface BundleRequest {
  suite: OtelSuite;
  testFile: string;
  variant: Variant;
  target: Target;
  outfile: string;
}

const inside = (dir: string, file: string): boolean => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** The test file's imports of its package's own src/ become our shim. */
function aliasOwnSources(testFile: string, packageSrc: string, shim: string): Plugin {
  return {
    name: 'peers-own-sources',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.importer !== testFile) return undefined;
        const target = resolve(args.resolveDir, args.path);
        return target === packageSrc || inside(packageSrc, target) ? { path: shim } : undefined;
      });
    },
  };
}

/** Imports dropped from our run (zone.js): an empty module instead. */
function drop(names: string[]): Plugin {
  return {
    name: 'peers-drop',
    setup(b) {
      if (names.length === 0) return;
      const filter = new RegExp(`^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
      b.onResolve({ filter }, () => ({ path: join(root, 'scripts', 'peers', 'shims', 'empty.ts') }));
    },
  };
}

/**
 * Packages imported from the checkout (it has no node_modules of its own, or
 * other versions) resolve from ours: one copy of @opentelemetry/api for the
 * test, the manager and our library, whose ROOT_CONTEXT the tests compare by identity.
 */
const fromOurModules: Plugin = {
  name: 'peers-our-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'peers' || !args.importer || inside(root, args.importer)) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: root, importer: join(root, 'package.json'), pluginData: 'peers' });
      return found.errors.length ? undefined : found;
    });
  },
};

/** Node's built-ins by their `node:` name, which Bun and Deno take too (Deno takes no bare `assert`). */
const nodeBuiltins: Plugin = {
  name: 'peers-node-builtins',
  setup(b) {
    const names = new Set(builtinModules);
    b.onResolve({ filter: /^[a-z_/]+$|^node:/ }, (args) => {
      const bare = args.path.replace(/^node:/, '');
      return names.has(bare) ? { path: `node:${bare}`, external: true } : undefined;
    });
  },
};

/** The entry: Mocha first, our library first of all in our page run, then the test file, then the run. */
function entrySource({ variant, target, testFile }: BundleRequest): string {
  const lines: string[] = [];
  // A page loads the patch layer before anything else, as an app would.
  if (variant === 'ours' && target === 'browser') lines.push(`import 'taskcontext/auto';`);
  if (variant === 'ours') lines.push(`import ${JSON.stringify(join(here, 'ours-probe.ts'))};`);
  lines.push(`import { run } from ${JSON.stringify(join(here, target === 'server' ? 'server-entry.ts' : 'browser-entry.ts'))};`);
  lines.push(`import ${JSON.stringify(testFile)};`);
  lines.push(target === 'server' ? 'await run();' : 'run();');
  return lines.join('\n');
}

export async function bundlePeer(request: BundleRequest): Promise<void> {
  const { suite, testFile, variant, target, outfile } = request;
  const packageSrc = resolve(testFile, '..', '..', 'src');
  const plugins: Plugin[] = [];
  if (target === 'server') plugins.push(nodeBuiltins);
  if (variant === 'ours') plugins.push(drop(suite.dropInOurs), aliasOwnSources(testFile, packageSrc, suite.shim));
  plugins.push(fromOurModules);
  await build({
    stdin: { contents: entrySource(request), resolveDir: root, sourcefile: `${suite.id}-${variant}.ts`, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: target === 'server' ? 'node' : 'browser',
    target: 'es2022',
    outfile,
    define: {
      __PEER_GREP__: JSON.stringify(grepFor(suite)),
      // The browser port of `assert` (through `util`) reads this at load.
      ...(target === 'browser' ? { 'process.env.NODE_DEBUG': 'false' } : {}),
    },
    // Bundled CommonJS (Mocha) requires Node's built-ins: a real require for it, on every server runtime.
    banner: target === 'server' ? { js: `import { createRequire as __peerRequire } from 'node:module'; const require = __peerRequire(import.meta.url);` } : {},
    plugins,
    // OpenTelemetry's packages say sideEffects: false; a test file is nothing but side effects.
    ignoreAnnotations: true,
    sourcemap: 'inline',
    logLevel: 'error',
  });
}
