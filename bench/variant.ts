// Builds the minified UMD bundle of the working tree into
// .cache/bench/variant.umd.js, the script bench/pages/taskcontext.html?build=variant loads: to
// measure a change to src/ against dist/ (the committed build) side by side,
// in the same run:
//
//   npm run build                # dist/: the code before the change
//   (edit src/)
//   npx tsx bench/variant.ts     # .cache/bench/variant.umd.js: the code after it (--readable: unminified)
//                                # (--name=variant2: .cache/bench/variant2.umd.js, for bench/pages/taskcontext.html?build=variant2)
//   npx tsx bench/browser.ts --impls=taskcontext,variant --only=…
//
// It uses rollup.config.mjs's own UMD build of src/index.ts (same plugins,
// same minifier), so the variant differs from dist/ only by the source.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type OutputOptions, type RollupOptions } from 'rollup';
import { cacheDir, root } from './lib.js';

/** `readable`: the unminified build instead (function names for bench/profile.ts --impl=variant). */
export async function buildVariant(readable = false, name = 'variant'): Promise<string> {
  process.chdir(root);
  const { default: configs } = (await import(pathToFileURL(join(root, 'rollup.config.mjs')).href)) as { default: RollupOptions[] };
  const umd = configs.find((c) => c.input === 'src/index.ts' && Array.isArray(c.output));
  if (!umd) throw new Error('rollup.config.mjs has no UMD build of src/index.ts');
  const minified = (umd.output as OutputOptions[]).find((o) => String(o.file).endsWith('.min.js') !== readable);
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${name}.umd.js`);
  const bundle = await rollup({ input: umd.input, plugins: umd.plugins });
  try {
    // Generated in memory under dist/'s name (the TypeScript plugin insists), written elsewhere:
    // dist/ stays the committed build, which a bench run may be loading meanwhile.
    const { output } = await bundle.generate(minified!);
    writeFileSync(file, output[0].code);
  } finally {
    await bundle.close();
  }
  return file;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const name = process.argv.find((a) => a.startsWith('--name='))?.slice('--name='.length);
  console.log(`wrote ${await buildVariant(process.argv.includes('--readable'), name)}`);
}
