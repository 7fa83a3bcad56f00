import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { languageOf, type Language } from './filter.js';
import type { ResolvedOptions } from './options.js';
import { originalPositions, type OriginalPositions } from './original-positions.js';
import { loadTransformTools } from './peers.js';
import { wanted } from './plugin.js';
import { TransformSyntaxError, transformModule } from './transform-module.js';

// The first half of taskcontext/metro and taskcontext/jest: our transform of
// one module, before the app's own transformer (Babel) gets it. Both hand the
// result on as source text, so both need the way back to the user's places.

/** Our output for one module, and how its places map back; undefined when the module is left as written. */
export interface BeforeBabel {
  code: string;
  positions: OriginalPositions;
}

/** JavaScript is read as JSX (React Native and Jest allow JSX in `.js`), which it is a subset of. */
function languageFor(path: string): Language {
  const lang = languageOf(path);
  return lang === 'js' ? 'jsx' : lang;
}

// One warning per file and process: Metro and Jest transform a file again when it changes.
const warned = new Set<string>();
function warnOnce(entry: string, key: string, message: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`${entry}: ${message}`);
}

/**
 * Rewrites module `path` (absolute) if `options` want it. A module our
 * parser cannot read (Flow annotations, which Babel reads in React Native
 * apps) is handed on as written, with a warning: Babel, not this step,
 * decides whether it is valid.
 */
export function beforeBabel(entry: string, src: string, path: string, options: ResolvedOptions): BeforeBabel | undefined {
  if (options.target !== 'browser' || !wanted(path, options)) return undefined;
  let result;
  try {
    result = transformModule(src, path, loadTransformTools(entry), languageFor(path));
  } catch (error) {
    if (!(error instanceof TransformSyntaxError)) throw error;
    warnOnce(entry, path, `left as written (its awaits do not keep context), could not parse ${error.message}`);
    return undefined;
  }
  if (!result) return undefined;
  for (const warning of result.warnings) warnOnce(entry, `${warning.message}`, warning.message);
  if (result.code === src) return undefined;
  return { code: result.code, positions: originalPositions(src, result.code, result.insertions) };
}

/** `filename` as an absolute path (Metro gives it relative to the project root). */
export function absolutePath(filename: string, root: string): string {
  return isAbsolute(filename) ? filename : join(root, filename);
}

/** Resolves the first of `candidates` that is installed, from `root` (the app) and else from this package. */
export function resolveFirst(candidates: readonly string[], root: string): string | undefined {
  const fromApp = createRequire(join(root, 'package.json'));
  const fromHere = createRequire(import.meta.url);
  for (const candidate of candidates) {
    for (const require of [fromApp, fromHere]) {
      try {
        return require.resolve(candidate);
      } catch {
        // Not installed there: try the next place.
      }
    }
  }
  return undefined;
}

/** This package's version, for cache keys: a new release may rewrite differently. */
export function ownVersion(): string {
  try {
    return (createRequire(import.meta.url)('taskcontext/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
