import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import { rollup, type Plugin } from 'rollup';
import taskcontext from 'taskcontext/rollup';

// Builds e2e/otel/app.js into .cache/otel/<pid>/<variant>.js, a browser bundle
// with OpenTelemetry's SDK and fetch instrumentation (resolved from
// node_modules for the browser). Needs `npm run build`. One folder per
// process: parallel test workers never write the same file; each variant is
// built once per process.

const root = join(import.meta.dirname, '..', '..');

export type OtelVariant = 'taskcontext' | 'taskcontext-without-plugin' | 'zone';

const VARIANTS: Record<OtelVariant, { manager: string; withPlugin: boolean }> = {
  // What we ship: TaskContextManager in a build with the taskcontext/rollup plugin.
  taskcontext: { manager: 'manager-taskcontext.js', withPlugin: true },
  // The same without the plugin: shows what the plugin does.
  'taskcontext-without-plugin': { manager: 'manager-taskcontext.js', withPlugin: false },
  // What OpenTelemetry offers browsers today: ZoneContextManager, and the
  // app's ES2017+ code shipped as written (native async/await).
  zone: { manager: 'manager-zone.js', withPlugin: false },
};

/** The `bundle` query value of e2e/otel/page.html for this process's build of `variant`. */
export const otelBundleName = (variant: OtelVariant): string => `${process.pid}/${variant}`;

/** Resolves taskcontext to the built package, and ./context-manager.js to the variant's manager. */
function entries(manager: string): Plugin {
  return {
    name: 'otel-e2e-entries',
    resolveId(id) {
      if (id === 'taskcontext') return join(root, 'dist', 'taskcontext.mjs');
      if (id === 'taskcontext/opentelemetry') return join(root, 'dist', 'opentelemetry.mjs');
      if (id === './context-manager.js') return join(import.meta.dirname, manager);
      return null;
    },
  };
}

const builds = new Map<OtelVariant, Promise<string>>();

/** Builds `variant` once per process; resolves with the bundle's path. */
export function buildOtelApp(variant: OtelVariant): Promise<string> {
  let build = builds.get(variant);
  if (!build) {
    build = buildOnce(variant);
    builds.set(variant, build);
    build.catch(() => builds.delete(variant));
  }
  return build;
}

async function buildOnce(variant: OtelVariant): Promise<string> {
  const { manager, withPlugin } = VARIANTS[variant];
  mkdirSync(join(root, '.cache', 'otel', String(process.pid)), { recursive: true });
  const file = join(root, '.cache', 'otel', `${otelBundleName(variant)}.js`);
  const plugins: Plugin[] = [entries(manager), nodeResolve({ browser: true }) as Plugin];
  if (withPlugin) plugins.push(taskcontext() as unknown as Plugin);
  const bundle = await rollup({
    input: join(import.meta.dirname, 'app.js'),
    plugins,
    onwarn(warning, warn) {
      // OpenTelemetry's ESM builds use `this` at the top level of a few modules.
      if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
    },
  });
  await bundle.write({ file, format: 'iife', sourcemap: true });
  await bundle.close();
  return file;
}
