import type { UnpluginBuildContext, UnpluginOptions } from 'unplugin';
import { languageOf, type Language } from './filter.js';

// What the bundler itself reads a module as, where the build says so rather
// than the file's extension: esbuild's `loader` option (`{ '.ts': 'js' }`,
// `{ '.js': 'jsx' }`), Rolldown's `moduleTypes`. The plugin parses the module
// as that language, and on esbuild hands the same loader back: unplugin's
// esbuild adapter otherwise returns every module it passed through with a
// loader guessed from the extension, and the `ts` loader drops imports that
// look unused, side effects and all.

/** esbuild's loader names (its `Loader` type, through unplugin's types: esbuild need not be installed). */
export type EsbuildLoader = Extract<NonNullable<NonNullable<UnpluginOptions['esbuild']>['loader']>, string>;

const LANGUAGES: readonly string[] = ['js', 'jsx', 'ts', 'tsx'] satisfies Language[];
/** esbuild loaders and Rolldown module types that are not scripts. */
const NOT_SCRIPTS = new Set(['json', 'text', 'base64', 'dataurl', 'binary', 'empty', 'css', 'local-css', 'global-css', 'asset', 'file', 'copy']);

/**
 * The language of module `id` of a loader or module type; undefined when it
 * is not a script. A type neither list knows (a plugin's own) leaves it to the extension.
 */
export function languageOfType(type: string, id: string): Language | undefined {
  if (LANGUAGES.includes(type)) return type as Language;
  return NOT_SCRIPTS.has(type) ? undefined : languageOf(id);
}

/** esbuild's loader for each extension when the build sets none. */
const ESBUILD_DEFAULTS: Readonly<Record<string, EsbuildLoader>> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.json': 'json',
  '.css': 'css',
  '.txt': 'text',
};

/**
 * The loader an esbuild build uses for `path`: its `loader` option for the
 * longest extension it names (`.module.css` before `.css`), else esbuild's
 * default for the extension, else `js` (unplugin's own fallback).
 */
export function esbuildLoaderFor(path: string, configured: Readonly<Record<string, EsbuildLoader>> | undefined): EsbuildLoader {
  const name = path.replace(/^.*[\\/]/, '');
  for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
    const loader = configured?.[name.slice(dot)];
    if (loader !== undefined && loader !== 'default') return loader;
  }
  const extension = /\.[^.]*$/.exec(name)?.[0].toLowerCase() ?? '';
  return ESBUILD_DEFAULTS[extension] ?? 'js';
}

/**
 * The esbuild half: `decide` is called in `transform` (which sees the build
 * it runs for, so one plugin object reused by builds with different loaders
 * still answers each its own); `loader` is unplugin's `esbuild.loader`, asked
 * right after that transform returns, for the same module. The decision
 * waits in between, under the module id.
 */
export function esbuildLoaders(): {
  decide(context: UnpluginBuildContext, id: string): EsbuildLoader | undefined;
  loader(code: string, path: string): EsbuildLoader;
} {
  const decided = new Map<string, EsbuildLoader>();
  return {
    decide(context, id) {
      const native = context.getNativeBuildContext?.();
      if (native?.framework !== 'esbuild') return undefined;
      const path = id.replace(/[?#][^\\/]*$/, '');
      const loader = esbuildLoaderFor(path, native.build.initialOptions.loader);
      decided.set(id, loader);
      return loader;
    },
    loader(_code, path) {
      // The transform's id is the path plus esbuild's suffix (`?query`, `#hash`), if any.
      for (const [id, loader] of decided) {
        if (id === path || (id.startsWith(path) && /^[?#]/.test(id.slice(path.length)))) {
          decided.delete(id);
          return loader;
        }
      }
      return esbuildLoaderFor(path, undefined);
    },
  };
}
