// One rule for the builds that differ by runtime: in a build for `variant`
// ('node': the package's Node entries; 'browser': the <script> bundles), a
// module `src/X.ts` is replaced by `src/X.<variant>.ts` when that file exists.
// rollup.config.mjs builds with it, bench/size.ts measures the same bundles
// with it. The twins today: src/host/server.{node,browser}.ts (how the host
// is reached), src/api/async-resource.browser.ts (the <script> bundles
// leave Node's AsyncResource API out) and src/core/describe.browser.ts (they
// describe a bad argument more briefly than Node does: their size budget).
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** The `variant` twin of the module `source` imported from `importer`, if there is one. */
export function variantOf(source, importer, variant) {
  if (!importer || !source.startsWith('.')) return undefined;
  const from = resolve(importer);
  if (!from.startsWith(src)) return undefined;
  const twin = resolve(dirname(from), source).replace(/\.[jt]s$/, `.${variant}.ts`);
  return twin.startsWith(src) && existsSync(twin) ? twin : undefined;
}

/** A Rollup plugin that builds `variant`. */
export function variantModules(variant) {
  return {
    name: `taskcontext-${variant}-modules`,
    resolveId: (source, importer) => variantOf(source, importer, variant) ?? null,
  };
}

/** The same rule as an esbuild plugin (bench/size.ts breaks the bundles down with esbuild). */
export function variantModulesForEsbuild(variant) {
  return {
    name: `taskcontext-${variant}-modules`,
    setup(build) {
      build.onResolve({ filter: /^\./ }, (args) => {
        const twin = variantOf(args.path, args.importer, variant);
        return twin ? { path: twin } : undefined;
      });
    },
  };
}
