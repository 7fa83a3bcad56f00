/**
 * `taskcontext/metro`: the await transform of the bundler plugins for Metro
 * (React Native), as a babel transformer: each module of the app is
 * rewritten, then handed on to the app's own transformer. Use
 * {@link withTaskContext} in metro.config.js, or name this module as
 * `transformer.babelTransformerPath`.
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { locationPlugin } from './await-transform/babel-locations.js';
import { absolutePath, beforeBabel, ownVersion, resolveFirst } from './await-transform/hand-on.js';
import { decodeSetup, encodeSetup, METRO_SETUP_VARIABLE, type MetroTransformerOptions } from './await-transform/metro-setup.js';
import type { MetroBabelTransformer, MetroCacheKeyOptions, MetroTransformArgs, MetroTransformResult } from './await-transform/metro-types.js';
import { resolveOptions, type ResolvedOptions } from './await-transform/options.js';
import { loadTransformTools } from './await-transform/peers.js';

export type { MetroTransformerOptions } from './await-transform/metro-setup.js';
export type { FilterPattern } from './await-transform/filter.js';
export type { MetroBabelTransformer, MetroCacheKeyOptions, MetroTransformArgs, MetroTransformOptions, MetroTransformResult } from './await-transform/metro-types.js';

const ENTRY = 'taskcontext/metro';

/** React Native's transformers, newest first, then Metro's own (the default of `babelTransformerPath`). */
const DEFAULT_TRANSFORMERS = ['@react-native/metro-babel-transformer', 'metro-react-native-babel-transformer', 'metro-babel-transformer'];

interface Setup {
  options: ResolvedOptions;
  transformer: string | undefined;
  raw: string;
}

let setup: Setup | undefined;
const transformers = new Map<string, MetroBabelTransformer>();

/** The options withTaskContext() left in the environment, checked once per process. */
function currentSetup(): Setup {
  const raw = process.env[METRO_SETUP_VARIABLE] ?? '';
  if (setup?.raw === raw) return setup;
  const { transformer, ...options } = decodeSetup(raw);
  if (transformer !== undefined && typeof transformer !== 'string') throw new TypeError(`${ENTRY}: option 'transformer' must be a module path or name`);
  setup = { options: resolveOptions(options, ENTRY), transformer, raw };
  return setup;
}

/** The transformer modules are handed on to, loaded from the project root. */
function handOnTo(projectRoot: string): MetroBabelTransformer {
  const { transformer } = currentSetup();
  const path = resolveFirst(transformer === undefined ? DEFAULT_TRANSFORMERS : [transformer], projectRoot);
  if (path === undefined) {
    throw new Error(`${ENTRY} found no transformer to hand modules on to: install @react-native/metro-babel-transformer, or name one with withTaskContext(config, { transformer })`);
  }
  let loaded = transformers.get(path);
  if (!loaded) {
    const module = createRequire(import.meta.url)(path) as MetroBabelTransformer | { __esModule: true; default: MetroBabelTransformer };
    loaded = '__esModule' in module && module.default ? module.default : (module as MetroBabelTransformer);
    transformers.set(path, loaded);
  }
  return loaded;
}

/**
 * Metro's `transform`: rewrites every async function, async generator and
 * generator of the module, as the bundler plugins do (same options, same
 * insertions; modules in `node_modules` are left alone unless `nodeModules`
 * is set), then hands it on to the app's transformer. The AST that comes
 * back carries the module's own lines and columns, so source maps and
 * Metro's function maps name the code as written.
 */
export function transform(args: MetroTransformArgs): MetroTransformResult | Promise<MetroTransformResult> {
  const { options } = currentSetup();
  const next = handOnTo(args.options.projectRoot);
  const rewritten = beforeBabel(ENTRY, args.src, absolutePath(args.filename, args.options.projectRoot), options);
  if (!rewritten) return next.transform(args);
  // First, so that its `pre` moves the locations before any other plugin reads them.
  return next.transform({ ...args, src: rewritten.code, plugins: [locationPlugin(rewritten.positions), ...(args.plugins ?? [])] });
}

/** Metro's `getCacheKey`: changes with this package's version, the options, and the key of the transformer handed on to. */
export function getCacheKey(options?: MetroCacheKeyOptions): string {
  const { raw } = currentSetup();
  const next = handOnTo(options?.projectRoot ?? process.cwd());
  return createHash('sha256')
    .update(JSON.stringify([ENTRY, ownVersion(), raw, next.getCacheKey?.(options) ?? '']))
    .digest('hex');
}

/** The part of a Metro config that withTaskContext() reads and sets. */
export interface MetroConfigLike {
  transformer?: { babelTransformerPath?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Makes `config` transform its modules with `taskcontext/metro`, handing
 * each on to the transformer it named before (`transformer.babelTransformerPath`)
 * or to `options.transformer`. Returns a new config; `config` is left as it is.
 *
 * ```js
 * // metro.config.js
 * const { getDefaultConfig, mergeConfig } = require('@react-native/metro-config');
 * const { withTaskContext } = require('taskcontext/metro');
 * module.exports = withTaskContext(mergeConfig(getDefaultConfig(__dirname), {}));
 * ```
 *
 * @param config a Metro config object (await an async one first).
 * @param options which modules to rewrite (`include`, `exclude`, `nodeModules`), what the app runs on (`target`), and the `transformer` to hand on to.
 */
export function withTaskContext<C extends MetroConfigLike>(config: C, options: MetroTransformerOptions = {}): C {
  const own = createRequire(import.meta.url).resolve(ENTRY);
  const { transformer = config.transformer?.babelTransformerPath, ...rest } = options;
  // A config wrapped twice hands on to what the first call chose, never to itself.
  const chosen = transformer === own ? decodeSetup(process.env[METRO_SETUP_VARIABLE]).transformer : transformer;
  if (chosen !== undefined && typeof chosen !== 'string') throw new TypeError(`${ENTRY}: option 'transformer' must be a module path or name`);
  // Checked here, so that a mistake or a missing peer fails when the config loads, not in a worker.
  resolveOptions(rest, ENTRY);
  loadTransformTools(ENTRY);
  process.env[METRO_SETUP_VARIABLE] = encodeSetup({ ...rest, ...(chosen === undefined ? {} : { transformer: chosen }) });
  return { ...config, transformer: { ...config.transformer, babelTransformerPath: own } };
}
