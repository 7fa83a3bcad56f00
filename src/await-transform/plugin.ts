import type { UnpluginInstance, UnpluginOptions } from 'unplugin';
import { isDefaultScript, languageOf, matchesAny } from './filter.js';
import { factoryName, type PluginEntryName } from './entries.js';
import { esbuildLoaders, languageOfType } from './module-type.js';
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

/**
 * What Vite 6+ passes as `this`: the environment the module is built for.
 * Structural, so that vite is not needed for the types.
 */
interface ViteEnvironmentContext {
  environment?: { name?: string; config?: { consumer?: string } };
}

/** The third argument of `transform` in Vite before 6 (and still in 6+): `ssr` when the module is for the server. */
interface TransformOptions {
  ssr?: boolean;
}

/**
 * Whether Vite builds this module for a server: decided for each call, from
 * what Vite passes with it. Never from a resolved config: one plugin instance
 * can serve several configs (Astro resolves seven, Nuxt dev shares one
 * between its client and server), and the last one resolved says nothing
 * about the module at hand.
 */
export function forServer(context: unknown, options: unknown): boolean {
  const environment = (context as ViteEnvironmentContext | undefined)?.environment;
  if (environment) return environment.config?.consumer === 'server' || environment.name === 'ssr';
  return (options as TransformOptions | undefined)?.ssr === true;
}

/** Rolldown (and Vite 8) pass the module's type with each transform: `moduleType`. */
function moduleTypeOf(options: unknown): string | undefined {
  const type = (options as { moduleType?: unknown } | undefined)?.moduleType;
  return typeof type === 'string' ? type : undefined;
}

function createPlugin(tools: PluginTools, plugin: string, userOptions: AwaitPluginOptions | undefined): UnpluginOptions {
  const options = resolveOptions(userOptions, plugin);
  const esbuild = esbuildLoaders();
  return {
    name: 'taskcontext-await',
    // After TypeScript, JSX and single-file components became JavaScript
    // (esbuild has no such order: there the plugin reads the source as written).
    enforce: 'post',
    transformInclude: (id) => options.target === 'browser' && wanted(id, options),
    transform(code, id, ...rest: unknown[]) {
      // Servers carry context across await themselves (Vite SSR, its server environments).
      if (forServer(this, rest[0])) return null;
      // What the bundler reads the module as, where its build says (else the extension tells).
      const type = esbuild.decide(this, id) ?? moduleTypeOf(rest[0]);
      const lang = type === undefined ? languageOf(id) : languageOfType(type, id);
      if (lang === undefined) return null;
      let result;
      try {
        result = transformModule(code, id, tools, lang);
      } catch (error) {
        if (!(error instanceof TransformSyntaxError)) throw error;
        this.error({ message: `${plugin} could not parse ${error.message}`, id, loc: { file: id, ...error.place } });
        return null;
      }
      if (!result) return null;
      for (const warning of result.warnings) this.warn({ message: `${plugin}: ${warning.message}`, id, loc: { file: id, line: warning.line, column: warning.column } });
      return { code: result.code, map: result.map };
    },
    esbuild: { loader: esbuild.loader },
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

/**
 * The factory that entry `taskcontext/<bundler>` exports: its default export,
 * and CommonJS `module.exports` (see entries.ts). Peers are loaded when it is
 * called, so that a missing one is reported by the subpath's name.
 */
export function pluginFactory<B extends PluginEntryName>(bundler: B): (options?: AwaitPluginOptions) => ReturnType<AwaitUnplugin[B]> {
  const name = factoryName(bundler);
  // A computed key names the function (taskcontextVite…), as stack traces showed it before.
  return {
    [name]: (options?: AwaitPluginOptions) => (awaitUnplugin(`taskcontext/${bundler}`)[bundler] as (options?: AwaitPluginOptions) => ReturnType<AwaitUnplugin[B]>)(options),
  }[name]!;
}
