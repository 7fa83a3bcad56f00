/**
 * `taskcontext/esbuild`: the esbuild plugin that keeps context across `await`
 * (and in generators) in browsers. Its default export, from `import` and
 * from `require`, is the plugin factory.
 *
 * @packageDocumentation
 */
import type { AwaitPluginOptions } from './await-transform/options.js';
import { awaitUnplugin, type AwaitUnplugin } from './await-transform/plugin.js';

/**
 * The esbuild plugin: rewrites every async function, async generator and
 * generator so that the code after each `await`/`yield` runs in the frame it
 * ran in (the await itself stays native). Needs the optional peer
 * dependencies `unplugin`, `magic-string` and `oxc-parser`.
 *
 * ```js
 * // build.mjs
 * import { build } from 'esbuild';
 * import taskcontext from 'taskcontext/esbuild';
 * await build({ entryPoints: ['src/main.ts'], bundle: true, outdir: 'dist', plugins: [taskcontext()] });
 * ```
 */
export default function taskcontextEsbuild(options?: AwaitPluginOptions): ReturnType<AwaitUnplugin['esbuild']> {
  return awaitUnplugin('taskcontext/esbuild').esbuild(options);
}
