/**
 * `taskcontext/rollup`: the build plugin (Rollup and Vite) that keeps context
 * across `await` in browsers. See {@link taskcontextAwait}.
 *
 * @packageDocumentation
 * @module taskcontext/rollup
 */
import { taskcontextAwait } from './build/await-plugin.js';

export { taskcontextAwait, type AwaitPlugin, type AwaitPluginOptions } from './build/await-plugin.js';
export type { FilterPattern } from './build/filter.js';
export default taskcontextAwait;
