/**
 * `taskcontext/rollup`: the Rollup plugin that keeps context across `await`
 * (and in generators) in browsers. Its default export, from `import` and
 * from `require`, is the plugin factory.
 *
 * @packageDocumentation
 * @module taskcontext/rollup
 */
import type { AwaitPluginOptions } from './await-transform/options.js';
import { awaitUnplugin, type AwaitUnplugin } from './await-transform/plugin.js';

/**
 * The Rollup plugin: rewrites every async function, async generator and
 * generator so that the code after each `await`/`yield` runs in the frame it
 * ran in (the await itself stays native). Needs the optional peer
 * dependencies `unplugin`, `magic-string` and `oxc-parser`.
 *
 * ```js
 * // rollup.config.mjs
 * import taskcontext from 'taskcontext/rollup';
 * export default { input: 'src/main.js', plugins: [taskcontext()] };
 * ```
 */
export default function taskcontextRollup(options?: AwaitPluginOptions): ReturnType<AwaitUnplugin['rollup']> {
  return awaitUnplugin('taskcontext/rollup').rollup(options);
}
