/**
 * `taskcontext/loader`: the await transform of the bundler plugins as a
 * webpack loader, for `module.rules` in webpack and Rspack and for
 * `turbopack.rules` in Next.js. Its default export, from `import` and from
 * `require`, is the loader function.
 *
 * @packageDocumentation
 */
import { chainMap, type SourceMapV3 } from './await-transform/chain-map.js';
import { languageOf, type Language } from './await-transform/filter.js';
import type { InputSourceMap, LoaderContext } from './await-transform/loader-context.js';
import { resolveOptions, type ResolvedOptions } from './await-transform/options.js';
import { loadTransformTools } from './await-transform/peers.js';
import { wanted } from './await-transform/plugin.js';
import { TransformSyntaxError, transformModule, type Transformed } from './await-transform/transform-module.js';

const ENTRY = 'taskcontext/loader';

// A rule's options object is the same for every module: checked once.
const resolved = new WeakMap<object, ResolvedOptions>();

function optionsOf(context: LoaderContext): ResolvedOptions {
  const given: unknown = context.getOptions?.() ?? {};
  if (given === null || typeof given !== 'object') return resolveOptions(given, ENTRY);
  let options = resolved.get(given);
  if (!options) resolved.set(given, (options = resolveOptions(given, ENTRY)));
  return options;
}

/**
 * What to parse module `id` as. A loader may see the source as written
 * (Turbopack runs loaders before its own compiler), and Next.js, like
 * webpack with Babel, allows JSX in `.js` files: JavaScript is read as JSX,
 * which it is a subset of wherever no JSX occurs.
 */
function languageFor(id: string): Language {
  const lang = languageOf(id);
  return lang === 'js' ? 'jsx' : lang;
}

/** A map given as JSON (some loaders pass a string), or undefined if there is none or it is an index map. */
function mapOf(map: InputSourceMap): SourceMapV3 | undefined {
  const parsed: unknown = typeof map === 'string' ? JSON.parse(map) : map;
  if (parsed === null || typeof parsed !== 'object' || typeof (parsed as SourceMapV3).mappings !== 'string') return undefined;
  return parsed as SourceMapV3;
}

/** Our own map, as a plain object (JSON-able, as Turbopack needs), naming the file as webpack does. */
function ownMap(result: Transformed, resourcePath: string): SourceMapV3 {
  const { version, file, sourcesContent, names, mappings } = result.map;
  return { version: version as 3, ...(file === undefined ? {} : { file }), sources: [resourcePath], sourcesContent: sourcesContent ?? [], names, mappings };
}

/**
 * The webpack loader: rewrites every async function, async generator and
 * generator of the modules it is given, as the bundler plugins do (same
 * options: `include`, `exclude`, `nodeModules`, `target`; same insertions).
 * Returns a string and a source map chained to the one it was given. A
 * module that does not parse fails with its file, line and column. Needs the
 * optional peer dependencies `magic-string` and `oxc-parser`.
 *
 * ```js
 * // webpack.config.mjs
 * export default {
 *   entry: './src/main.js',
 *   module: { rules: [{ test: /\.[cm]?[jt]sx?$/, use: ['taskcontext/loader'] }] },
 * };
 * ```
 *
 * ```js
 * // next.config.mjs: Turbopack
 * export default { turbopack: { rules: { '*.{js,jsx,ts,tsx}': { loaders: ['taskcontext/loader'] } } } };
 * ```
 *
 * @param source the module's code (a string; bytes are read as UTF-8).
 * @param inputMap the source map of the loaders before this one, if any.
 */
export default function taskcontextLoader(this: LoaderContext, source: string | Uint8Array, inputMap?: InputSourceMap): void {
  const done = this.async?.() ?? this.callback;
  if (!done) throw new Error(`${ENTRY}: the loader context has neither async() nor callback`);
  // Always a string: Turbopack cannot read a Buffer back.
  const code = typeof source === 'string' ? source : new TextDecoder().decode(source);
  let result: Transformed | undefined;
  let map: SourceMapV3 | undefined;
  try {
    const options = optionsOf(this);
    const id = this.resourcePath + (this.resourceQuery ?? '');
    if (options.target === 'browser' && wanted(id, options)) result = transformModule(code, id, loadTransformTools(ENTRY), languageFor(id));
    if (result && this.sourceMap !== false) {
      const input = mapOf(inputMap);
      map = input ? chainMap(input, code, result.code, result.insertions) : ownMap(result, this.resourcePath);
    }
  } catch (error) {
    if (error instanceof TransformSyntaxError) return done(new Error(`${ENTRY} could not parse ${error.message}`));
    return done(error instanceof Error ? error : new Error(String(error)));
  }
  if (!result) return done(null, code, inputMap ?? undefined);
  for (const warning of result.warnings) this.emitWarning?.(new Error(`${ENTRY}: ${warning.message}`));
  done(null, result.code, map);
}
