// "Built" runs: each test goes through the await transform first, as an app's
// code would through taskcontext/rollup. The one place that knows the
// transform's API: when src/build changes, only `buildTest` changes.
import { transform } from 'esbuild';
import { parseAst } from 'rollup/parseAst';
import { transformAwaits, type Node } from '../../src/build/await-transform.js';

/** `source` (a script) as the await plugin would emit it for a browser. */
export async function buildTest(source: string): Promise<string> {
  // The plugin's lowering step: async generators and for-await, nothing else.
  const lowered = await transform(source, {
    loader: 'js',
    target: 'esnext',
    supported: { 'async-generator': false, 'for-await': false },
    charset: 'utf8',
  });
  return transformAwaits(lowered.code, parseAst(lowered.code) as unknown as Node)?.code ?? lowered.code;
}
