// Types of scripts/build-variants.mjs, for the TypeScript files that import it (bench/size.ts).
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as RollupPlugin } from 'rollup';

export type Variant = 'node' | 'browser';
export function variantOf(source: string, importer: string | undefined, variant: Variant): string | undefined;
export function variantModules(variant: Variant): RollupPlugin;
export function variantModulesForEsbuild(variant: Variant): EsbuildPlugin;
