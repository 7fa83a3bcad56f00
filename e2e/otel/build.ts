import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import taskcontext from 'taskcontext/esbuild';
import { ensureOtelSet, setDir, type OtelSet } from './sets.js';

// Builds e2e/otel/app.js with esbuild into .cache/otel/<hash>/<set>-<variant>.js,
// a browser bundle of OpenTelemetry's SDK and web instrumentations from the
// set's own node_modules (sets.ts), for e2e/otel/page.html. Needs
// `npm run build`. The folder is named after the inputs (the app's files,
// this file, the sets' locks, the built package), so Playwright's workers and
// the WebKit runner share each bundle: built once per change, each process
// writing its own file and renaming it into place.

const root = join(import.meta.dirname, '..', '..');

export const OTEL_VARIANTS = ['taskcontext', 'taskcontext-without-plugin', 'zone-es2015', 'zone', 'no-manager'] as const;
export type OtelVariant = (typeof OTEL_VARIANTS)[number];

interface VariantBuild {
  /** The module ./context-manager.js stands for. */
  manager: string;
  /** With the taskcontext/esbuild plugin (native await keeps the context). */
  withPlugin: boolean;
  /** esbuild's target: 'es2015' lowers async functions to generators driven by the global Promise. */
  target: string;
}

const VARIANTS: Record<OtelVariant, VariantBuild> = {
  // What we ship: TaskContextManager, the app's async/await native, the plugin in the build.
  taskcontext: { manager: 'manager-taskcontext.js', withPlugin: true, target: 'es2022' },
  // The same without the plugin: context is lost after a native await (a negative).
  'taskcontext-without-plugin': { manager: 'manager-taskcontext.js', withPlugin: false, target: 'es2022' },
  // What OpenTelemetry asks of zone.js users: async lowered (ES2015), so every
  // await goes through zone.js's Promise.
  'zone-es2015': { manager: 'manager-zone.js', withPlugin: false, target: 'es2015' },
  // ZoneContextManager with the app's code as written: native await.
  zone: { manager: 'manager-zone.js', withPlugin: false, target: 'es2022' },
  // No context manager from the app (a negative): the SDK's default.
  'no-manager': { manager: 'manager-none.js', withPlugin: false, target: 'es2022' },
};

/** The `bundle` query value of e2e/otel/page.html for a build. */
export const otelBundleName = (set: OtelSet, variant: OtelVariant): string => `${inputsKey()}/${set}-${variant}`;

/** The files of e2e/otel the bundles are built from (the docs quote some of them). */
export const OTEL_APP_SOURCES = ['app.js', 'tracing-2.x.js', 'tracing-3.x.js', 'manager-taskcontext.js', 'manager-zone.js', 'manager-none.js'].map((name) =>
  join(import.meta.dirname, name),
);

/**
 * Resolves ./context-manager.js and ./tracing.js to the variant's and the set's
 * modules, `taskcontext` to the built package, and every OpenTelemetry package
 * and zone.js imported from outside the set's folder (the app, dist/) from the
 * set's node_modules, so that one copy of each serves the whole bundle.
 */
function entries(set: OtelSet, manager: string): Plugin {
  const dir = setDir(set);
  return {
    name: 'otel-e2e-entries',
    setup(b) {
      b.onResolve({ filter: /^\.\/(context-manager|tracing)\.js$/ }, ({ path }) => ({
        path: join(import.meta.dirname, path === './context-manager.js' ? manager : `tracing-${set}.js`),
      }));
      b.onResolve({ filter: /^taskcontext(\/opentelemetry)?$/ }, ({ path }) => ({
        path: join(root, 'dist', path === 'taskcontext' ? 'taskcontext.mjs' : 'opentelemetry.mjs'),
      }));
      b.onResolve({ filter: /^(@opentelemetry\/|zone\.js)/ }, async ({ path, importer, kind }) => {
        if (importer.startsWith(dir)) return undefined;
        // As if imported from the set's folder (an importer there: this hook then passes).
        const resolved = await b.resolve(path, { resolveDir: dir, importer: join(dir, 'package.json'), kind });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

let key: string | undefined;
/** The inputs' hash: a change to the app, this file, a set's lock or the built package gives a new folder. */
function inputsKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const locks = (['2.x', '3.x'] as const).map((set) => join(setDir(set), 'package-lock.json'));
  const built = ['taskcontext.mjs', 'opentelemetry.mjs', 'esbuild.mjs'].map((name) => join(root, 'dist', name));
  for (const file of [...OTEL_APP_SOURCES, import.meta.filename, join(import.meta.dirname, 'sets.ts'), ...locks, ...built]) hash.update(readFileSync(file));
  return (key = hash.digest('hex').slice(0, 12));
}

const builds = new Map<string, Promise<string>>();

/** Builds `variant` on `set` once per process (installing the set first); resolves with the bundle's path. */
export function buildOtelApp(set: OtelSet, variant: OtelVariant): Promise<string> {
  const key = `${set}-${variant}`;
  let built = builds.get(key);
  if (!built) {
    built = buildOnce(set, variant);
    builds.set(key, built);
    built.catch(() => builds.delete(key));
  }
  return built;
}

async function buildOnce(set: OtelSet, variant: OtelVariant): Promise<string> {
  await ensureOtelSet(set);
  const { manager, withPlugin, target } = VARIANTS[variant];
  const file = join(root, '.cache', 'otel', `${otelBundleName(set, variant)}.js`);
  if (existsSync(file)) return file;
  const staging = join(root, '.cache', 'otel', `${inputsKey()}.${process.pid}.${set}-${variant}`);
  const staged = join(staging, `${set}-${variant}.js`);
  mkdirSync(staging, { recursive: true });
  mkdirSync(join(root, '.cache', 'otel', inputsKey()), { recursive: true });
  await build({
    entryPoints: [join(import.meta.dirname, 'app.js')],
    bundle: true,
    format: 'iife',
    target,
    outfile: staged,
    sourcemap: true,
    logLevel: 'error',
    // OpenTelemetry's browser builds: the `browser` field and conditions.
    platform: 'browser',
    plugins: [entries(set, manager), ...(withPlugin ? [taskcontext() as Plugin] : [])],
  });
  // The map first: a bundle in place is a complete build.
  renameSync(`${staged}.map`, `${file}.map`);
  renameSync(staged, file);
  rmSync(staging, { recursive: true, force: true });
  return file;
}
