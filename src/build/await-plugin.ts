import { describe } from '../core/checks.js';
import { transformAwaits, type Node } from './await-transform.js';
import { cleanId, matchesAny, toMatchers, type FilterPattern } from './filter.js';
import { shiftMappings } from './source-map-shift.js';

/** Options of the `taskcontext/rollup` plugin. */
export interface AwaitPluginOptions {
  /** Files to rewrite (default: every JavaScript and TypeScript module). */
  include?: FilterPattern;
  /** Files to leave alone, checked after `include`. */
  exclude?: FilterPattern;
  /** Lower code from `node_modules` too (default false: dependencies keep their own awaits). */
  nodeModules?: boolean;
  /**
   * What the bundle runs on. `'browser'` (default) rewrites; `'node'` (the
   * runtime carries context across await) and `'native'` (an engine with a
   * built-in AsyncContext) leave the code alone. Vite SSR builds count as `'node'`.
   */
  target?: 'browser' | 'node' | 'native';
}

/** The part of a Rollup/Vite plugin context the plugin uses. */
interface TransformContext {
  error(error: { message: string; id?: string; loc?: { line: number; column: number; file?: string } }): never;
  /** The host's JavaScript parser (Rollup's and Vite's give an ESTree AST with offsets). */
  parse(code: string): unknown;
}

/** A Rollup plugin, also accepted by Vite (structural, so neither is needed for its types). */
export interface AwaitPlugin {
  name: string;
  configResolved(config: { build?: { ssr?: unknown } }): void;
  transform(
    this: TransformContext,
    code: string,
    id: string,
    options?: { ssr?: boolean },
  ): Promise<{ code: string; map: string } | null>;
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}
interface Esbuild {
  transform(
    code: string,
    options: Record<string, unknown>,
  ): Promise<{ code: string; map: string }>;
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
const LOADERS: Record<string, string> = { ts: 'ts', mts: 'ts', cts: 'ts', tsx: 'tsx', jsx: 'jsx' };
// Cheap pre-check: a module without these words has nothing to rewrite.
const MAY_HAVE_ASYNC = /\b(?:async|await)\b/;

const TARGETS = ['browser', 'node', 'native'] as const;
const OPTIONS = ['include', 'exclude', 'nodeModules', 'target'];

function checkOptions(options: unknown): AwaitPluginOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`taskcontext/rollup: expected an options object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`taskcontext/rollup: unknown option '${key}' (known: ${OPTIONS.join(', ')})`);
  }
  const { nodeModules, target } = options as AwaitPluginOptions;
  if (nodeModules !== undefined && typeof nodeModules !== 'boolean') {
    throw new TypeError(`taskcontext/rollup: option 'nodeModules' must be a boolean, got ${describe(nodeModules)}`);
  }
  if (target !== undefined && !(TARGETS as readonly unknown[]).includes(target)) {
    throw new TypeError(`taskcontext/rollup: option 'target' must be one of ${TARGETS.map((t) => `'${t}'`).join(', ')}, got ${describe(target)}`);
  }
  return options as AwaitPluginOptions;
}

async function loadEsbuild(): Promise<Esbuild> {
  try {
    return (await import('esbuild')) as Esbuild;
  } catch {
    throw new Error('taskcontext/rollup reads and rewrites async code with esbuild: install it with `npm install --save-dev esbuild`');
  }
}

/**
 * Makes `await` keep context in browsers. Each async function reports its
 * suspensions to the installed patch layer, which puts the frame of an
 * `await` back when the function resumes; the `await` itself stays native.
 * Async generators and `for await` are lowered (esbuild) into code that
 * resumes through `Promise.prototype.then`, which the patch layer carries
 * context across. All other syntax is left as written.
 *
 * ```js
 * // rollup.config.mjs or vite.config.ts
 * import taskcontext from 'taskcontext/rollup';
 * export default { plugins: [taskcontext()] };
 * ```
 */
export function taskcontextAwait(options?: AwaitPluginOptions): AwaitPlugin {
  const { nodeModules = false, target = 'browser' } = checkOptions(options);
  const include = toMatchers(options?.include, 'include');
  const exclude = toMatchers(options?.exclude, 'exclude');
  let ssrBuild = false;
  let esbuild: Promise<Esbuild> | undefined;

  function wanted(id: string): boolean {
    if (!SCRIPT.test(id) || id.startsWith('\0')) return false;
    if (!nodeModules && id.includes('/node_modules/')) return false;
    if (include && !matchesAny(id, include)) return false;
    return !(exclude && matchesAny(id, exclude));
  }

  return {
    name: 'taskcontext-await',
    configResolved(config) {
      ssrBuild = Boolean(config.build?.ssr);
    },
    async transform(code, rawId, transformOptions) {
      if (target !== 'browser' || ssrBuild || transformOptions?.ssr) return null;
      const id = cleanId(rawId);
      if (!wanted(id) || !MAY_HAVE_ASYNC.test(code)) return null;
      const extension = /\.([a-z]+)$/.exec(id)?.[1] ?? 'js';
      try {
        const lowered = await (await (esbuild ??= loadEsbuild())).transform(code, {
          loader: LOADERS[extension] ?? 'js',
          sourcefile: id,
          sourcemap: 'external',
          target: 'esnext',
          // Exactly these features are lowered; everything else stays as written,
          // non-ASCII text included (esbuild would escape it).
          supported: { 'async-generator': false, 'for-await': false },
          charset: 'utf8',
        });
        const rewritten = transformAwaits(lowered.code, this.parse(lowered.code) as Node);
        if (rewritten === undefined) return { code: lowered.code, map: lowered.map };
        const map = JSON.parse(lowered.map) as { mappings: string };
        map.mappings = shiftMappings(map.mappings, rewritten.insertions);
        return { code: rewritten.code, map: JSON.stringify(map) };
      } catch (error) {
        const first = (error as { errors?: EsbuildMessage[] }).errors?.[0];
        if (!first) throw error;
        const loc = first.location;
        return this.error({
          message: `taskcontext/rollup could not lower ${id}${loc ? `:${loc.line}:${loc.column}` : ''}: ${first.text}`,
          id,
          ...(loc ? { loc: { file: id, line: loc.line, column: loc.column } } : {}),
        });
      }
    },
  };
}
