import type { SourceMapV3 } from './chain-map.js';

// What taskcontext/loader reads of `this`: the part of webpack's loader API
// that Turbopack implements too (it runs loaders with loader-runner). Written
// here rather than taken from webpack, which an app using Turbopack lacks.

/** How a loader hands back its result: an error, or the code and its source map. */
export type LoaderCallback = (error: Error | null, content?: string, map?: SourceMapV3 | string) => void;

/** The loader's `this`: webpack's, Rspack's and Turbopack's loader context, the parts the loader reads. */
export interface LoaderContext {
  /** The module's file. */
  resourcePath: string;
  /** Its query (`?vue&type=script…`), if any. */
  resourceQuery?: string;
  /** The rule's options (Turbopack: the `options` of the loader item). */
  getOptions?(): unknown;
  async?(): LoaderCallback;
  callback?: LoaderCallback;
  /** false when the build writes no source maps (webpack's `devtool: false`). */
  sourceMap?: boolean;
  emitWarning?(warning: Error): void;
}

/** The source map of the loaders before, as an object or as JSON, if any. */
export type InputSourceMap = SourceMapV3 | string | null | undefined;
