import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import taskcontext from 'taskcontext/rollup';

// Builds e2e/await/app.js into .cache/await/<pid>/{with,without}-plugin.js: the
// same app with and without the taskcontext/rollup plugin. Needs `npm run build`.
// One folder per process: parallel test workers never write the same file.

const root = join(import.meta.dirname, '..', '..');
const awaitBundleDir = join(root, '.cache', 'await', String(process.pid));

/** The `bundle` query value of e2e/pages/await.html for this process's build. */
export const awaitBundleName = (withPlugin: boolean): string => `${process.pid}/${withPlugin ? 'with' : 'without'}-plugin`;

/** Resolves `taskcontext` to the built package, as an app's bundler would. */
const packageEntry: Plugin = {
  name: 'taskcontext-entry',
  resolveId: (id) => ({ taskcontext: join(root, 'dist', 'taskcontext.mjs'), 'taskcontext/dev': join(root, 'dist', 'dev.mjs') })[id] ?? null,
};

export async function buildAwaitApp(withPlugin: boolean): Promise<string> {
  mkdirSync(awaitBundleDir, { recursive: true });
  const file = join(root, '.cache', 'await', `${awaitBundleName(withPlugin)}.js`);
  const bundle = await rollup({
    input: join(import.meta.dirname, 'app.js'),
    plugins: withPlugin ? [packageEntry, taskcontext() as unknown as Plugin] : [packageEntry],
  });
  await bundle.write({ file, format: 'iife', sourcemap: true });
  await bundle.close();
  return file;
}
