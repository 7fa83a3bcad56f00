// Metro's babel transformer contract (`transformer.babelTransformerPath`), the
// parts taskcontext/metro reads and passes on. Written here rather than taken
// from metro-babel-transformer, which the package does not depend on.

/** The options Metro passes with each module (its transform options and a few config values). */
export interface MetroTransformOptions {
  readonly projectRoot: string;
  readonly dev?: boolean;
  readonly platform?: string | null;
  readonly unstable_transformProfile?: string;
  readonly customTransformOptions?: Readonly<Record<string, unknown>>;
  readonly [option: string]: unknown;
}

/** What Metro passes to `transform`: `filename` is relative to `options.projectRoot`. */
export interface MetroTransformArgs {
  readonly filename: string;
  readonly src: string;
  readonly options: MetroTransformOptions;
  /** Babel plugins Metro adds (its function map and import locations): opaque here. */
  readonly plugins?: readonly unknown[];
}

/** What a transformer returns: a Babel AST (Metro generates the code and map from it) and metadata. */
export interface MetroTransformResult {
  readonly ast: unknown;
  readonly functionMap?: unknown;
  readonly metadata?: unknown;
}

/** What Metro passes to `getCacheKey`. */
export interface MetroCacheKeyOptions {
  readonly projectRoot?: string;
  readonly enableBabelRCLookup?: boolean;
}

/** A module that `transformer.babelTransformerPath` may name. */
export interface MetroBabelTransformer {
  transform(args: MetroTransformArgs): MetroTransformResult | Promise<MetroTransformResult>;
  getCacheKey?(options?: MetroCacheKeyOptions): string;
}
