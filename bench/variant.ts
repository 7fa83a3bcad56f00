// Builds the minified UMD bundle of the working tree into
// .cache/bench/variant.umd.js, the script of bench/pages/variant.html: to
// measure a change to src/ against dist/ (the committed build) side by side,
// in the same run:
//
//   npm run build                # dist/: the code before the change
//   (edit src/)
//   npx tsx bench/variant.ts     # .cache/bench/variant.umd.js: the code after it
//   npx tsx bench/browser.ts --impls=taskcontext,variant --only=…
//
// It uses rollup.config.mjs's own UMD build of src/index.ts (same plugins,
// same minifier), so the variant differs from dist/ only by the source.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { cacheDir, root } from './lib.js';

export async function buildVariant(): Promise<string> {
  process.chdir(root);
  const { default: configs } = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)) as { default: RollupOptions[] };
  const umd = configs.find((c) => c.input === 'src/index.ts' && Array.isArray(c.output));
  if (!umd) throw new Error('rollup.config.mjs has no UMD build of src/index.ts');
  const minified = (umd.output as OutputOptions[]).find((o) => String(o.file).endsWith('.min.js'));
  const file = join(cacheDir, 'variant.umd.js');
  const bundle = await rollup({ input: umd.input, plugins: umd.plugins });
  try {
    await bundle.write({ ...minified, file, sourcemap: false });
  } finally {
    await bundle.close();
  }
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  console.log(`wrote ${await buildVariant()}`);
}
