import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import taskcontext from 'taskcontext/rollup';

// Builds e2e/await/app.js into .cache/await/{with,without}-plugin.js: the
// same app with and without the taskcontext/rollup plugin. Needs `npm run build`.

const root = join(import.meta.dirname, '..', '..');
export const awaitBundleDir = join(root, '.cache', 'await');

/** Resolves `taskcontext` to the built package, as an app's bundler would. */
const packageEntry: Plugin = {
  name: 'taskcontext-entry',
  resolveId: (id) => (id === 'taskcontext' ? join(root, 'dist', 'taskcontext.mjs') : null),
};

export async function buildAwaitApp(withPlugin: boolean): Promise<string> {
  mkdirSync(awaitBundleDir, { recursive: true });
  const file = join(awaitBundleDir, `${withPlugin ? 'with' : 'without'}-plugin.js`);
  const bundle = await rollup({
    input: join(import.meta.dirname, 'app.js'),
    plugins: withPlugin ? [packageEntry, taskcontext() as unknown as Plugin] : [packageEntry],
  });
  await bundle.write({ file, format: 'iife', sourcemap: true });
  await bundle.close();
  return file;
}
