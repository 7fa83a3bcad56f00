import type { FilterPattern } from './filter.js';
import type { AwaitPluginOptions } from './options.js';

// How metro.config.js reaches the transformer. Metro transforms in worker
// processes and passes a transformer only the module and its transform
// options, never the config: withTaskContext() writes its options to an
// environment variable, which the workers inherit (they start after the
// config is loaded). JSON, with a RegExp written as { regexp, flags }.

/** The environment variable withTaskContext() sets. */
export const METRO_SETUP_VARIABLE = 'TASKCONTEXT_METRO';

/** Options of `taskcontext/metro`: those of the bundler plugins, plus the transformer to hand on to. */
export interface MetroTransformerOptions extends AwaitPluginOptions {
  /**
   * The transformer that gets each module after the await transform: a
   * module path or name (resolved from the project root). Default: the one
   * the config named before (`transformer.babelTransformerPath`), else the
   * first installed of `@react-native/metro-babel-transformer`,
   * `metro-react-native-babel-transformer`, `metro-babel-transformer`.
   */
  transformer?: string;
}

interface EncodedRegExp {
  regexp: string;
  flags: string;
}

function encodePattern(pattern: FilterPattern | undefined): unknown {
  if (pattern === undefined) return undefined;
  const list: readonly (string | RegExp)[] = Array.isArray(pattern) ? pattern : [pattern as string | RegExp];
  return list.map((item) => (item instanceof RegExp ? { regexp: item.source, flags: item.flags } : item));
}

function decodePattern(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) => {
    const encoded = item as Partial<EncodedRegExp> | null;
    return encoded && typeof encoded === 'object' && typeof encoded.regexp === 'string' ? new RegExp(encoded.regexp, encoded.flags ?? '') : item;
  });
}

/** `options` as the environment variable's value. */
export function encodeSetup(options: MetroTransformerOptions): string {
  return JSON.stringify({ ...options, include: encodePattern(options.include), exclude: encodePattern(options.exclude) });
}

/** The options back from the variable's value (unchecked: resolveOptions checks them); `{}` when it is unset. */
export function decodeSetup(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text === '') return {};
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const key of ['include', 'exclude']) if (key in parsed) parsed[key] = decodePattern(parsed[key]);
  return parsed;
}
