/**
 * `taskcontext/rspack`: the Rspack plugin that keeps context across `await`
 * (and in generators) in browsers. Its default export, from `import` and
 * from `require`, is the plugin factory.
 *
 * @packageDocumentation
 */
import type { AwaitPluginOptions } from './await-transform/options.js';
import { awaitUnplugin, type AwaitUnplugin } from './await-transform/plugin.js';

/**
 * The Rspack plugin: rewrites every async function, async generator and
 * generator so that the code after each `await`/`yield` runs in the frame it
 * ran in (the await itself stays native). Needs the optional peer
 * dependencies `unplugin`, `magic-string` and `oxc-parser`.
 *
 * ```js
 * // rspack.config.mjs
 * import taskcontext from 'taskcontext/rspack';
 * export default { entry: './src/main.js', plugins: [taskcontext()] };
 * ```
 */
export default function taskcontextRspack(options?: AwaitPluginOptions): ReturnType<AwaitUnplugin['rspack']> {
  return awaitUnplugin('taskcontext/rspack').rspack(options);
}
