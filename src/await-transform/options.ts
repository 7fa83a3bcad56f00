import { describe } from '../core/describe.js';
import { toMatchers, type FilterPattern } from './filter.js';

/** Options of the taskcontext bundler plugins (`taskcontext/vite`, `/rollup`, `/rolldown`, `/webpack`, `/rspack`, `/esbuild`) and of the loader (`taskcontext/loader`). */
export interface AwaitPluginOptions {
  /**
   * Modules to rewrite, instead of the default set (JavaScript and TypeScript
   * modules, Vue and Svelte components, Astro component scripts). A RegExp
   * sees the whole module id, query included; a glob also matches the path
   * alone. May name modules the default set leaves out.
   */
  include?: FilterPattern;
  /** Modules to leave alone, checked after `include`. */
  exclude?: FilterPattern;
  /** Rewrite modules in `node_modules` too (default false: dependencies keep their own awaits). */
  nodeModules?: boolean;
  /**
   * What the bundle runs on. `'browser'` (default) rewrites; `'node'` (the
   * runtime carries context across await) and `'native'` (an engine with a
   * built-in AsyncContext) leave the code alone. In Vite, modules built for a
   * server (SSR, or an environment whose consumer is the server) count as
   * `'node'`: decided for each module, so one instance serves both sides.
   */
  target?: 'browser' | 'node' | 'native';
}

/** The options, checked, with defaults. */
export interface ResolvedOptions {
  include: RegExp[] | undefined;
  exclude: RegExp[] | undefined;
  nodeModules: boolean;
  target: 'browser' | 'node' | 'native';
}

const TARGETS = ['browser', 'node', 'native'] as const;
const OPTIONS = ['include', 'exclude', 'nodeModules', 'target'];

/** Checks the options a user gave `plugin` (its name, for messages); throws a TypeError naming the option. */
export function resolveOptions(options: unknown, plugin: string): ResolvedOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${plugin}: expected an options object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`${plugin}: unknown option '${key}' (known: ${OPTIONS.join(', ')})`);
  }
  const { nodeModules = false, target = 'browser', include, exclude } = options as AwaitPluginOptions;
  if (typeof nodeModules !== 'boolean') {
    throw new TypeError(`${plugin}: option 'nodeModules' must be a boolean, got ${describe(nodeModules)}`);
  }
  if (!(TARGETS as readonly unknown[]).includes(target)) {
    throw new TypeError(`${plugin}: option 'target' must be one of ${TARGETS.map((t) => `'${t}'`).join(', ')}, got ${describe(target)}`);
  }
  return { include: toMatchers(include, 'include', plugin), exclude: toMatchers(exclude, 'exclude', plugin), nodeModules, target };
}
