import type { SourceMapV3 } from './chain-map.js';

// Jest's transformer contract (`transform` in the Jest config), the parts
// taskcontext/jest reads and passes on. Written here rather than taken from
// @jest/transform, which the package does not depend on.

/** What Jest passes with each file: the project config and the transformer's own config, among others. */
export interface JestTransformOptions {
  readonly config: { readonly rootDir: string; readonly [key: string]: unknown };
  readonly transformerConfig?: unknown;
  readonly instrument?: boolean;
  readonly [key: string]: unknown;
}

/** A transformed file: its code and, if any, a source map from it back to the file. */
export interface JestTransformedSource {
  code: string;
  map?: SourceMapV3 | string | null;
}

/** A Jest transformer: `process` or `processAsync`, and optionally `getCacheKey`. */
export interface JestTransformer {
  canInstrument?: boolean;
  process?(source: string, path: string, options: JestTransformOptions): JestTransformedSource;
  processAsync?(source: string, path: string, options: JestTransformOptions): Promise<JestTransformedSource>;
  getCacheKey?(source: string, path: string, options: JestTransformOptions): string;
  getCacheKeyAsync?(source: string, path: string, options: JestTransformOptions): Promise<string>;
}

/** A module Jest may name: a transformer, or a factory of one (`createTransformer(transformerConfig)`). */
export interface JestTransformerModule extends JestTransformer {
  createTransformer?(config?: unknown): JestTransformer | Promise<JestTransformer>;
}
