import type MagicString from 'magic-string';
import type { parseSync } from 'oxc-parser';
import { findSuspensions, type Node } from './find-suspensions.js';
import { languageOf, type Language } from './filter.js';
import { freshNames, insertScopes, type Inserter } from './insert-scopes.js';

/** The two libraries a transform needs (optional peer dependencies, loaded by peers.ts). */
export interface TransformTools {
  MagicString: typeof MagicString;
  parseSync: typeof parseSync;
}

/** A place in the module: 1-based line, 0-based column (as Rollup, Vite and esbuild report). */
export interface Place {
  line: number;
  column: number;
}

/** A construct left as written. */
export interface TransformWarning extends Place {
  message: string;
}

/** The module does not parse: the build must fail here. */
export class TransformSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly id: string,
    readonly place: Place,
  ) {
    super(`${id}:${place.line}:${place.column}: ${message}`);
    this.name = 'SyntaxError';
  }
}

export interface Transformed {
  code: string;
  /** A source map (version 3) from the output back to `code` as it came in. */
  map: ReturnType<MagicString['generateMap']>;
  warnings: TransformWarning[];
  /** Each inserted text and the offset of the input it went in at (for tests of fidelity). */
  insertions: { at: number; text: string }[];
}

function placeOf(code: string, offset: number): Place {
  const before = code.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart };
}

// Cheap pre-check: a module without these words has nothing to rewrite.
const MAY_SUSPEND = /\bawait\b|\byield\b|\*/;

/**
 * Parses as a module (what bundlers hand over), or else as a script (a
 * CommonJS file in webpack); a syntax error names the place of the module one.
 */
function parse(code: string, id: string, tools: TransformTools, lang: Language): { program: unknown; strict: boolean } {
  // Early errors too (a body's `let` redeclaring a parameter): the inserted
  // `try` block would otherwise turn such a module into a valid one.
  const asModule = tools.parseSync(id, code, { lang, sourceType: 'module', showSemanticErrors: true });
  const error = asModule.errors.find((e) => e.severity === 'Error');
  // Without import or export it may be a script (CommonJS in webpack): sloppy, unless it says otherwise.
  if (!error) return { program: asModule.program, strict: asModule.module.hasModuleSyntax || /^\s*(['"])use strict\1/.test(code) };
  const asScript = tools.parseSync(id, code, { lang, sourceType: 'script', showSemanticErrors: true });
  if (!asScript.errors.some((e) => e.severity === 'Error')) return { program: asScript.program, strict: false };
  throw new TransformSyntaxError(error.message, id, placeOf(code, error.labels[0]?.start ?? 0));
}

/**
 * `code` (module `id`) with scope calls inserted around every suspension, or
 * undefined when nothing needs one. Throws a {@link TransformSyntaxError} when
 * it does not parse. `lang` is what the bundler reads the module as, where it
 * says (esbuild's `loader`, Rolldown's module type); else the extension tells.
 */
export function transformModule(code: string, id: string, tools: TransformTools, lang: Language = languageOf(id)): Transformed | undefined {
  if (!MAY_SUSPEND.test(code)) return undefined;
  const parsed = parse(code, id, tools, lang);
  const program = parsed.program as unknown as Node;
  const s = new tools.MagicString(code);
  // Every insertion is recorded, so that tests can take them out again.
  const insertions: Transformed['insertions'] = [];
  const inserter: Inserter = {
    appendLeft: (at, text) => (insertions.push({ at, text }), s.appendLeft(at, text)),
    prependRight: (at, text) => (insertions.push({ at, text }), s.prependRight(at, text)),
    append: (text) => (insertions.push({ at: code.length, text }), s.append(text)),
  };
  const { edited, skipped } = insertScopes(inserter, code, findSuspensions(program), freshNames(code), parsed.strict);
  const warnings = skipped.map(({ at, reason }) => {
    const place = placeOf(code, at);
    return { ...place, message: `${id}:${place.line}:${place.column}: left as written, ${reason}; code after its suspensions runs in the empty frame` };
  });
  if (!edited) return warnings.length > 0 ? { code, map: s.generateMap({ source: id, hires: 'boundary', includeContent: true }), warnings, insertions } : undefined;
  return { code: s.toString(), map: s.generateMap({ source: id, hires: 'boundary', includeContent: true }), warnings, insertions };
}
