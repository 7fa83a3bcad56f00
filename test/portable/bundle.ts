import { build, type Plugin } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import taskcontextEsbuild from '../../src/esbuild.js';

// Bundles the contract suite (test/contract/*.test.ts, the same files vitest
// runs) into one ES module for an engine that has no vitest: a browser page,
// Bun, Deno, workerd. `vitest` resolves to the portable shim.

const root = join(import.meta.dirname, '..', '..');
const contractDir = join(root, 'test', 'contract');

export type Target = 'browser' | 'server' | 'workerd';

/** The contract test files, in a stable order. */
export function contractFiles(): string[] {
  return readdirSync(contractDir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(contractDir, name));
}

function entrySource(target: Target, engine: string): string {
  const imports = contractFiles().map((file) => `import ${JSON.stringify(`./${relative(root, file)}`)};`);
  const setup = target === 'browser' ? [`import './test/portable/setup-browser.ts';`] : [];
  const run = `runRegistered(${JSON.stringify(engine)}, backend())`;
  const report = {
    browser: `(globalThis as any).__contractReport = ${run};`,
    server: `console.log('CONTRACT-REPORT ' + JSON.stringify(await ${run}));`,
    workerd: `export default { async fetch() { return Response.json(await ${run}); } };`,
  }[target];
  return [
    ...setup,
    ...imports,
    `import { runRegistered } from './test/portable/run.ts';`,
    `import { backend } from './src/index.ts';`,
    report,
  ].join('\n');
}

/**
 * The test files as an app would ship them to a browser: through the
 * taskcontext/rollup plugin, so that the contract's await tests run there too.
 */
const awaitPlugin: Plugin = taskcontextEsbuild({ include: [/[\\/]test[\\/]contract[\\/][^\\/]+\.ts$/] });

/** Writes the bundle for `target` to `outfile`. */
export async function bundleContractSuite(target: Target, engine: string, outfile: string): Promise<void> {
  await build({
    stdin: { contents: entrySource(target, engine), resolveDir: root, sourcefile: `contract-${engine}.ts`, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: target === 'browser' ? 'browser' : 'neutral',
    mainFields: ['module', 'main'],
    conditions: target === 'browser' ? ['browser'] : ['worker', 'browser'],
    target: 'es2022',
    outfile,
    alias: { vitest: join(root, 'test', 'portable', 'vitest-shim.ts') },
    define: { 'process.env.NODE_ENV': '"test"', __TASKCONTEXT_AWAIT_PLUGIN__: String(target === 'browser') },
    plugins: target === 'browser' ? [awaitPlugin] : [],
    sourcemap: 'inline',
    // The package says sideEffects: false; test files are nothing but side effects.
    ignoreAnnotations: true,
    logLevel: 'error',
  });
}
