import type { UnpluginInstance, UnpluginOptions } from 'unplugin';
import { isDefaultScript, matchesAny } from './filter.js';
import { resolveOptions, type AwaitPluginOptions, type ResolvedOptions } from './options.js';
import { loadPluginTools, type PluginTools } from './peers.js';
import { TransformSyntaxError, transformModule } from './transform-module.js';

/** Whether the plugin rewrites module `id`. */
export function wanted(id: string, options: ResolvedOptions): boolean {
  if (id.startsWith('\0')) return false;
  if (!options.nodeModules && /[\\/]node_modules[\\/]/.test(id)) return false;
  if (!(options.include ? matchesAny(id, options.include) : isDefaultScript(id))) return false;
  return !(options.exclude && matchesAny(id, options.exclude));
}

/** What a Vite config tells the plugin (structural: vite is not needed for the types). */
interface ViteConfig {
  build?: { ssr?: unknown };
}
/** Vite 6+ passes the environment a module is built for. */
interface ViteEnvironmentContext {
  environment?: { config?: { consumer?: string } };
}

function createPlugin(tools: PluginTools, plugin: string, userOptions: AwaitPluginOptions | undefined): UnpluginOptions {
  const options = resolveOptions(userOptions, plugin);
  let ssrBuild = false;
  return {
    name: 'taskcontext-await',
    // After TypeScript, JSX and single-file components became JavaScript
    // (esbuild has no such order: there the plugin reads the source as written).
    enforce: 'post',
    transformInclude: (id) => options.target === 'browser' && wanted(id, options),
    transform(code, id) {
      if (ssrBuild || (this as ViteEnvironmentContext).environment?.config?.consumer === 'server') return null;
      let result;
      try {
        result = transformModule(code, id, tools);
      } catch (error) {
        if (!(error instanceof TransformSyntaxError)) throw error;
        this.error({ message: `${plugin} could not parse ${error.message}`, id, loc: { file: id, ...error.place } });
        return null;
      }
      if (!result) return null;
      for (const warning of result.warnings) this.warn({ message: `${plugin}: ${warning.message}`, id, loc: { file: id, line: warning.line, column: warning.column } });
      return { code: result.code, map: result.map };
    },
    vite: {
      configResolved(config: ViteConfig) {
        ssrBuild = Boolean(config.build?.ssr);
      },
    },
  };
}

export type AwaitUnplugin = UnpluginInstance<AwaitPluginOptions | undefined, false>;

let instance: AwaitUnplugin | undefined;

/**
 * The plugin for every bundler (unplugin), made when the first one is asked
 * for: `entry` (`taskcontext/vite`…) names the subpath in errors about missing peers.
 */
export function awaitUnplugin(entry: string): AwaitUnplugin {
  const tools = loadPluginTools(entry);
  instance ??= tools.createUnplugin<AwaitPluginOptions | undefined, false>((options, meta) =>
    createPlugin(tools, `taskcontext/${meta.framework}`, options),
  );
  return instance;
}
