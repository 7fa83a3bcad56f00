/**
 * `taskcontext/jest`: the await transform of the bundler plugins as a Jest
 * transformer, for tests that run the browser or React Native build of
 * taskcontext (jsdom, react-native's Jest preset), where native `await`
 * does not keep context without it. Each file is rewritten, then handed on
 * to babel-jest or the transformer named in its options.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SourceMapV3 } from './await-transform/chain-map.js';
import { beforeBabel, ownVersion, resolveFirst } from './await-transform/hand-on.js';
import type { JestTransformedSource, JestTransformer, JestTransformerModule, JestTransformOptions } from './await-transform/jest-types.js';
import { resolveOptions, type AwaitPluginOptions, type ResolvedOptions } from './await-transform/options.js';
import { loadTransformTools } from './await-transform/peers.js';
import { unshiftMap } from './await-transform/unshift-map.js';

export type { SourceMapV3 } from './await-transform/chain-map.js';
export type { FilterPattern } from './await-transform/filter.js';
export type { JestTransformedSource, JestTransformer, JestTransformerModule, JestTransformOptions } from './await-transform/jest-types.js';

const ENTRY = 'taskcontext/jest';

/** Options of `taskcontext/jest`: those of the bundler plugins, plus the transformer to hand on to. */
export interface JestTransformerOptions extends AwaitPluginOptions {
  /** The transformer that gets each file next, as Jest's `transform` names one: a module, or `[module, its options]`. Default `babel-jest`. */
  transformer?: string | readonly [string, unknown];
}

function split(config: unknown): { options: ResolvedOptions; next: string; nextConfig: unknown } {
  const given = (config ?? {}) as JestTransformerOptions;
  if (typeof given !== 'object' || Array.isArray(given)) return { options: resolveOptions(given, ENTRY), next: '', nextConfig: undefined };
  const { transformer = 'babel-jest', ...rest } = given;
  const [next, nextConfig] = typeof transformer === 'string' ? [transformer, undefined] : transformer;
  if (typeof next !== 'string') throw new TypeError(`${ENTRY}: option 'transformer' must be a module, or [module, options]`);
  return { options: resolveOptions(rest, ENTRY), next, nextConfig };
}

/** The config as a cache-key part: JSON, with each RegExp as its text. */
function configKey(config: unknown): string {
  return JSON.stringify(config ?? null, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
}

/** The map Jest gets: the next transformer's, moved back onto the file as written. */
function mapped(result: JestTransformedSource, moved: (map: SourceMapV3) => SourceMapV3): JestTransformedSource {
  if (result.map === undefined || result.map === null) return { code: result.code };
  const map = typeof result.map === 'string' ? (JSON.parse(result.map) as SourceMapV3) : result.map;
  return { code: result.code, map: moved(map) };
}

function wrap(next: JestTransformer, config: unknown, options: ResolvedOptions, nextConfig: unknown): JestTransformer {
  const nextOptions = (given: JestTransformOptions): JestTransformOptions => ({ ...given, transformerConfig: nextConfig });
  const key = (source: string, path: string, given: JestTransformOptions, nextKey: string | undefined) =>
    createHash('sha256')
      .update(JSON.stringify([ENTRY, ownVersion(), configKey(config), nextKey ?? [source, path, given['configString']]]))
      .digest('hex');
  const transformer: JestTransformer = {
    getCacheKey: (source, path, given) => key(source, path, given, next.getCacheKey?.(source, path, nextOptions(given))),
    getCacheKeyAsync: async (source, path, given) =>
      key(source, path, given, next.getCacheKeyAsync ? await next.getCacheKeyAsync(source, path, nextOptions(given)) : next.getCacheKey?.(source, path, nextOptions(given))),
  };
  if (next.canInstrument !== undefined) transformer.canInstrument = next.canInstrument;
  if (next.process) {
    const process = next.process.bind(next);
    transformer.process = (source, path, given) => {
      const rewritten = beforeBabel(ENTRY, source, path, options);
      if (!rewritten) return process(source, path, nextOptions(given));
      return mapped(process(rewritten.code, path, nextOptions(given)), (map) => unshiftMap(map, rewritten.positions, path, source));
    };
  }
  const processAsync = next.processAsync?.bind(next) ?? (next.process && (async (...args: Parameters<NonNullable<JestTransformer['process']>>) => next.process!(...args)));
  if (processAsync) {
    transformer.processAsync = async (source, path, given) => {
      const rewritten = beforeBabel(ENTRY, source, path, options);
      if (!rewritten) return processAsync(source, path, nextOptions(given));
      return mapped(await processAsync(rewritten.code, path, nextOptions(given)), (map) => unshiftMap(map, rewritten.positions, path, source));
    };
  }
  return transformer;
}

/**
 * Jest's transformer factory: Jest calls it with the options given next to
 * `taskcontext/jest` in `transform`. The transformer rewrites every async
 * function, async generator and generator of the files it is given, as the
 * bundler plugins do (same options; `node_modules` left alone unless
 * `nodeModules` is set), then hands each on to `transformer` (default
 * `babel-jest`), and moves its source map back onto the file as written.
 * Returns a promise only when that transformer's factory does.
 *
 * ```js
 * // jest.config.js
 * module.exports = {
 *   preset: 'react-native',
 *   transform: { '\\.[jt]sx?$': ['taskcontext/jest', { transformer: 'babel-jest' }] },
 * };
 * ```
 *
 * @param config the options: which files to rewrite (`include`, `exclude`, `nodeModules`), what the tests run on (`target`), and the `transformer` to hand on to.
 */
export function createTransformer(config?: JestTransformerOptions): JestTransformer | Promise<JestTransformer> {
  const { options, next, nextConfig } = split(config);
  // A missing peer fails here, once, rather than with the first test file.
  loadTransformTools(ENTRY);
  const path = resolveFirst([next], process.cwd());
  if (path === undefined) throw new Error(`${ENTRY} could not find '${next}' to hand files on to: install it, or name another with { transformer }`);
  const loaded = createRequire(join(process.cwd(), 'package.json'))(path) as JestTransformerModule | { __esModule: true; default: JestTransformerModule };
  const module = '__esModule' in loaded && loaded.default ? loaded.default : (loaded as JestTransformerModule);
  const made = module.createTransformer ? module.createTransformer(nextConfig) : module;
  return made instanceof Promise ? made.then((ready) => wrap(ready, config, options, nextConfig)) : wrap(made, config, options, nextConfig);
}
