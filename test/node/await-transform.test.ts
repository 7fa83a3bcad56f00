// The await transform on its own: for every syntax form it handles, the
// output is the input plus inserted calls (take them out and the input comes
// back, byte for byte), it parses, and its source map sends every original
// token back to its own line and column.
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import MagicString from 'magic-string';
import { parseSync } from 'oxc-parser';
import { describe, expect, it } from 'vitest';
import { TransformSyntaxError, transformModule, type Transformed } from '../../src/await-transform/transform-module.js';

const tools = { MagicString, parseSync };
const run = (code: string, id = '/app/src/a.js'): Transformed | undefined => transformModule(code, id, tools);

/**
 * Where each input character is in the output: every insertion at an offset
 * at or before it (magic-string puts both appendLeft and prependRight text
 * before the character at that offset) moves it right.
 */
function outputOffsets(result: Transformed, input: string): number[] {
  const shift = new Array<number>(input.length + 1).fill(0);
  for (const { at, text } of result.insertions) shift[at]! += text.length;
  const offsets: number[] = [];
  let moved = 0;
  for (let i = 0; i < input.length; i++) {
    moved += shift[i]!;
    offsets.push(i + moved);
  }
  return offsets;
}

/** `result.code` with every insertion taken out again. */
function strip(result: Transformed, input: string): string {
  const offsets = outputOffsets(result, input);
  const inserted = result.insertions.reduce((sum, { text }) => sum + text.length, 0);
  expect(result.code.length).toBe(input.length + inserted);
  return offsets.map((at) => result.code[at]).join('');
}

/** Every inserted text is one of the scope calls (nothing else may go in). */
const INSERTED = [
  /^ ?__tcScope\d*\.[rs]\(\(?$/,
  /^\)$/,
  /^\(\)$/,
  /^ __tcScope\d*\.s\(\)$/,
  /^ __tcScope\d*\.r\(\);( \})?$/,
  /^\{ $/,
  /^ const __tcScope\d* = __taskcontextAwait\d*\(\); try \{$/,
  /^\{ const __tcScope\d* = __taskcontextAwait\d*\(\); try \{ return $/,
  /^; \} finally \{ __tcScope\d*\.x\(\); \} \}$/,
  /^\} finally \{ __tcScope\d*\.x\(\); \} $/,
  /^const __tcScope\d* = __taskcontextAwait\d*\(\); $/,
  /^\n;__tcScope\d*\.x\(\);$/,
  /^(, | )?\.\.\.\{ __tcScope\d* = __taskcontextAwait\d*\(1\) \}$/,
  /^ try \{ __tcScope\d*\.r\(\);$/,
  /^\{ __tcScope\d*\.r\(\); try \{ $/,
  /^ \} finally \{ __tcScope\d*\.s\(\); \} \}$/,
  /^\nfunction __taskcontextAwait\d*\(kind\) \{ .* \}\n$/,
];

const FORMS: Record<string, string> = {
  'await in a function, with catch and finally': 'export async function f(a) {\n  try { return await g(a); } catch (e) { await log(e); } finally { close(); }\n}\n',
  'await in a concise async arrow': 'export const f = async (x) => await g(x);\nexport const o = async () => ({ v: await g() });\n',
  'await in a block async arrow': 'export const f = async () => {\n  const a = await g();\n  return a;\n};\n',
  'async methods: static, private, object, getter-free': [
    'export class A extends B {',
    '  static async s() { return await super.s(); }',
    '  async #p() { await this.q; }',
    '  async m() { return await this.#p(); }',
    '}',
    'export const o = { async m() { await 1; }, async [k]() { await 2; } };',
  ].join('\n'),
  'nested awaits and a sequence': 'export async function f() { return await await (a(), b()); }\n',
  'top-level await': 'const data = await fetch("/x");\nexport default await data.json()\n',
  'for await in a function, after labels, in an else-less if': [
    'export async function f(xs) {',
    '  outer: for await (const x of xs) { if (x) continue outer; else break outer; }',
    '  if (xs) for await (const y of xs) use(y);',
    '  switch (1) { case 1: for await (const z of xs) use(z); }',
    '}',
  ].join('\n'),
  'top-level for await': 'for await (const x of source()) console.log(x)\n',
  'generators: function, method, private, computed, no params': [
    'export function* g(a, b = 2) { const x = yield a; yield* other(x); yield; return b; }',
    'export class C { *[Symbol.iterator]() { yield 1; } static *#s() {} }',
    'export const o = { *m(/* ( */) { yield 2; } };',
    'export const e = function* named() { yield 3; };',
  ].join('\n'),
  'async generators: yield, yield*, await, return': [
    'export async function* rows(db) {',
    '  try { for await (const r of db.query()) yield await r.json(); }',
    '  finally { await db.close(); }',
    '  yield* more();',
    '  return await last();',
    '}',
  ].join('\n'),
  'generators with a trailing comma, a regular expression after yield and await': [
    'export function* g(a, b,) { const r = yield/ab+c/i; return r; }',
    'export async function* h(a, /* last */ ) { yield/x/; await/y/.source; }',
  ].join('\n'),
  'non-ASCII text and a hashbang': '#!/usr/bin/env node\nconst s = "héllo 🎉";\nexport async function f() { return await g("🎉", s); }\n',
  'TypeScript source (esbuild reads it before compiling)': 'export async function f<T>(x: T): Promise<T> { return await g<T>(x as T); }\nexport function* h(): Generator<number> { yield 1; }\n',
  'JSX source': 'export async function App() { const d = await load(); return <div onClick={async () => await save()}>{d}</div>; }\n',
};

describe('the output is the input plus scope calls', () => {
  it.each(Object.entries(FORMS))('%s', (name, input) => {
    const id = name.startsWith('TypeScript') ? '/app/src/a.ts' : name.startsWith('JSX') ? '/app/src/a.jsx' : '/app/src/a.js';
    const result = run(input, id)!;
    expect(result).toBeDefined();
    expect(result.warnings).toEqual([]);
    for (const { text } of result.insertions) expect(INSERTED.some((pattern) => pattern.test(text)), JSON.stringify(text)).toBe(true);
    expect(strip(result, input)).toBe(input);
    // It still parses, as the same language.
    const lang = id.endsWith('.ts') ? 'ts' : id.endsWith('.jsx') ? 'jsx' : 'js';
    expect(parseSync(id, result.code, { lang, sourceType: 'module' }).errors).toEqual([]);
  });

  it.each(Object.entries(FORMS))('%s: the source map sends each original token to its line and column', (name, input) => {
    const id = name.startsWith('TypeScript') ? '/app/src/a.ts' : name.startsWith('JSX') ? '/app/src/a.jsx' : '/app/src/a.js';
    const result = run(input, id)!;
    const map = new TraceMap(result.map as never);
    const offsets = outputOffsets(result, input);
    const position = (text: string, offset: number) => ({
      line: text.slice(0, offset).split('\n').length,
      column: offset - (text.lastIndexOf('\n', offset - 1) + 1),
    });
    for (const token of input.matchAll(/[A-Za-z_$#][\w$]*|\d+|"[^"]*"|=>|[{}()<>]/g)) {
      const from = position(input, token.index);
      const original = originalPositionFor(map, position(result.code, offsets[token.index]!));
      expect([original.source, original.line, original.column], `${token[0]} at ${from.line}:${from.column}`).toEqual([id, from.line, from.column]);
    }
  });
});

describe('what it leaves alone', () => {
  it('a module without async code or generators is not touched', () => {
    expect(run('export const x = 1;\nexport function f() { return 2 * 3; }\n')).toBeUndefined();
  });

  it('an async function without await gets no scope', () => {
    expect(run('export async function f() { return 1; }\n')).toBeUndefined();
  });

  it('picks fresh names when the code already uses ours', () => {
    const result = run('const __tcScope = 1;\nexport async function f() { await g(__tcScope); }\n')!;
    expect(result.code).toContain('const __tcScope2 = __taskcontextAwait()');
    expect(result.code).toContain('__tcScope2.s(g(__tcScope))');
  });

  it.each([
    ['a generator with a rest parameter', 'export function* g(...xs) { yield xs; }\n', 1, 7],
    ["a generator with its own 'use strict'", 'export function* g() { "use strict"; yield 1; }\n', 1, 7],
    ['`await using`', 'export async function f() {\n  await using r = open();\n  await r.ready;\n}\n', 2, 2],
  ])('%s is left as written, with one warning naming the place', (reason, input, line, column) => {
    const result = run(input)!;
    expect(result.code).toBe(input);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ line, column });
    expect(result.warnings[0]!.message).toContain(`/app/src/a.js:${line}:${column}`);
    expect(result.warnings[0]!.message).toContain(reason);
  });

  it.each([
    ['a lexical declaration in a generator body that redeclares a parameter', 'export function* g(a) { let a = 1; yield a; }\n'],
    ['a lexical declaration in an async body that redeclares a parameter', 'export async function f(a) { const a = 1; await a; }\n'],
  ])('an early error fails as a syntax error (the inserted try block must not make it valid): %s', (_name, input) => {
    expect(() => run(input)).toThrow(TransformSyntaxError);
  });

  it('a syntax error names the file, line and column', () => {
    const error = (() => {
      try {
        run('const f = async () => {\n  await ;\n};');
      } catch (e) {
        return e;
      }
    })() as TransformSyntaxError;
    expect(error).toBeInstanceOf(TransformSyntaxError);
    expect(error.place).toEqual({ line: 2, column: 8 });
    expect(error.message).toContain('/app/src/a.js:2:8');
  });
});
