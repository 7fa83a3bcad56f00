/**
 * The minified UMD bundles shorten the property names listed in
 * scripts/mangled-properties.json (rollup.config.mjs), everywhere in the
 * bundle, with terser's `builtins: true`: a listed name used on an object the
 * library does not own (a DOM interface's `frame`, a user's option) would
 * break silently. So every use of a listed name in src/ is resolved with the
 * TypeScript checker, and each must be a property the library declares
 * itself: a declaration in src/, never in lib.dom.d.ts or on an `any`.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');
const { names } = JSON.parse(readFileSync(join(root, 'scripts', 'mangled-properties.json'), 'utf8')) as { names: string[] };

/** Whether a string literal names a property: the left of `in`, or an argument of a reflective call. */
function namesAProperty(node: ts.StringLiteralLike): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent)) return parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.InKeyword;
  return ts.isCallExpression(parent) && /(?:defineProperty|PropertyDescriptor|hasOwn|hasOwnProperty|Reflect\.(?:get|set|has|deleteProperty))$/.test(parent.expression.getText());
}

let made: ts.Program | undefined;

/** The program of tsconfig.json (src/), made once: type-checking it takes seconds. */
function program(): ts.Program {
  if (made) return made;
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  return (made = ts.createProgram(parsed.fileNames, parsed.options));
}

/** Whether `node` is part of a type assertion (`x as { frame: … }`): a shape claimed for a value of unknown origin. */
function insideAssertion(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node; at; at = at.parent) {
    if (ts.isAsExpression(at) || ts.isTypeAssertionExpression(at) || ts.isSatisfiesExpression(at)) return true;
  }
  return false;
}

/** Whether `symbol` is declared only in src/ (and declared at all), in a type of its own, not in a type assertion. */
function ownedBySrc(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): boolean {
  if (!symbol) return false;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declarations = target.declarations ?? [];
  return declarations.length > 0 && declarations.every((d) => d.getSourceFile().fileName.startsWith(src) && !insideAssertion(d));
}

/** Every use of a listed name in src/ whose object the library does not own, as "file:line name (why)". */
function foreignUses(listed: readonly string[]): { uses: number; foreign: string[] } {
  const wanted = new Set(listed);
  const prog = program();
  const checker = prog.getTypeChecker();
  const foreign: string[] = [];
  let uses = 0;
  const report = (node: ts.Node, name: string, why: string) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    foreign.push(`${relative(root, file.fileName)}:${line + 1} ${name} (${why})`);
  };
  // `Change | undefined`: the property of the type without undefined.
  const propertyOf = (type: ts.Type | undefined, name: string) => type && checker.getNonNullableType(type).getProperty(name);
  for (const file of prog.getSourceFiles()) {
    if (!file.fileName.startsWith(src)) continue;
    const visit = (node: ts.Node): void => {
      let name: string | undefined;
      let symbol: ts.Symbol | undefined;
      if (ts.isPropertyAccessExpression(node) && wanted.has(node.name.text)) {
        name = node.name.text;
        symbol = checker.getSymbolAtLocation(node.name);
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && wanted.has(node.argumentExpression.text)) {
        name = node.argumentExpression.text;
        symbol = propertyOf(checker.getTypeAtLocation(node.expression), name);
      } else if (
        (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) &&
        ts.isObjectLiteralExpression(node.parent) &&
        node.name &&
        ts.isIdentifier(node.name) &&
        wanted.has(node.name.text)
      ) {
        // A property of an object literal: owned if the literal has no contextual type (a fresh
        // object of ours) or the contextual type's property is declared in src/.
        name = node.name.text;
        const contextual = checker.getContextualType(node.parent);
        symbol = contextual ? propertyOf(contextual, name) : checker.getSymbolAtLocation(node.name);
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const key = node.propertyName ?? node.name;
        if (ts.isIdentifier(key) && wanted.has(key.text)) {
          name = key.text;
          symbol = propertyOf(checker.getTypeAtLocation(node.parent), name);
        }
      } else if (
        (ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isPropertySignature(node)) &&
        node.name &&
        ts.isIdentifier(node.name) &&
        wanted.has(node.name.text)
      ) {
        // Declared in a class or interface of src/: ours by definition, unless it implements a platform type's member.
        name = node.name.text;
        symbol = checker.getSymbolAtLocation(node.name);
      } else if (ts.isStringLiteralLike(node) && wanted.has(node.text) && namesAProperty(node)) {
        // `'frame' in x`, defineProperty(x, 'on', …): a string terser may leave as it is while renaming the property.
        uses++;
        report(node, node.text, 'a property named by a string');
      }
      if (name !== undefined) {
        uses++;
        if (!ownedBySrc(symbol, checker)) report(node, name, symbol ? `declared in ${relative(root, symbol.declarations?.[0]?.getSourceFile().fileName ?? '?')}` : 'on an object of unknown type');
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { uses, foreign };
}

describe('the property names the minifier shortens (scripts/mangled-properties.json)', () => {
  it('are used in src/ only on objects the library declares itself', () => {
    const { uses, foreign } = foreignUses(names);
    expect(foreign).toEqual([]);
    expect(uses).toBeGreaterThan(names.length); // every listed name is found somewhere
  }, 120_000);

  it('the check finds a name the platform also uses (it would catch one added to the list by mistake)', () => {
    // `name` is read on functions (copyNameAndLength); `signal`, `handleEvent` and `XMLHttpRequest`
    // on a user's options, a user's listener and the global, through a type assertion.
    for (const name of ['name', 'signal', 'handleEvent', 'XMLHttpRequest']) expect(foreignUses([name]).foreign, name).not.toEqual([]);
  }, 120_000);

  it('every listed name is a valid identifier, listed once', () => {
    for (const name of names) expect(name).toMatch(/^[A-Za-z_$][\w$]*$/);
    expect(new Set(names).size).toBe(names.length);
  });
});
