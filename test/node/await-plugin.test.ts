// The taskcontext/rollup plugin on its own: what it lowers, what it leaves
// alone, where it does nothing, its source maps, and its errors. (Its effect in
// real browsers is in e2e/scenarios.ts: the await scenarios and the Vite app.)
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { parseAst } from 'rollup/parseAst';
import { parseAst as viteParseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { taskcontextAwait, type AwaitPluginOptions } from '../../src/rollup.js';

const SOURCE = [
  'export class Store extends Base {',
  '  async load(id) {',
  '    const row = await super.load(id);',
  '    return this.cache?.get(id) ?? row;',
  '  }',
  '}',
  'export async function* rows() { yield 1; await null; }',
  'export const all = async () => { for await (const row of rows()) console.log(row); };',
].join('\n');

/** Runs the plugin's transform as Rollup or Vite would; `this.error` throws like theirs. */
async function transform(code: string, id: string, options?: AwaitPluginOptions, ssr?: boolean) {
  const plugin = taskcontextAwait(options);
  return plugin.transform.call(hostContext, code, id, ssr === undefined ? undefined : { ssr });
}

/** What Rollup and Vite give a transform hook: `this.error` throws like theirs, `this.parse` is Rollup's parser. */
const hostContext = {
  error(error: { message: string; loc?: unknown }): never {
    throw Object.assign(new Error(error.message), error);
  },
  parse: (code: string) => parseAst(code),
};

/** How many times `pattern` occurs in `text`. */
const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

describe('taskcontext/rollup rewrites async code and nothing else', () => {
  it('every await reports to the patch layer, async generators and for await are lowered, other syntax stays as written', async () => {
    const result = await transform(SOURCE, '/app/src/store.js');
    expect(result).not.toBeNull();
    const code = result!.code;
    // Awaits stay native, each between the scope's s( and r( calls.
    expect(count(code, /\bawait /)).toBeGreaterThan(0);
    expect(count(code, /\.r\(await \w+\.s\(/)).toBe(count(code, /\bawait /));
    expect(code).not.toMatch(/async\s*(?:function\s*)?\*|for\s+await/);
    // Optional chaining and nullish coalescing are not lowered.
    expect(code).toContain('this.cache?.get(id) ?? row');
    // The lowered async generator resumes through .then, which the patch layer carries.
    expect(code).toMatch(/\.then\(/);
    expect(() => parseAst(code)).not.toThrow();
  });

  it('every async function that awaits gets a scope, closed in a finally; catch and finally blocks resume first', async () => {
    const source = [
      '"use strict";',
      'export async function load(a) {',
      '  "use strict";',
      '  try { return await await get(a); } catch (e) { await log(e); } finally { await close(); }',
      '}',
      'export const arrow = async () => await get(1);',
      'export const object = async()=>({ v: await get(2) });',
      'export const sequence = async () => { await (first(), second()); };',
      'export async function noAwait() { try { x(); } catch { } }',
      'export function plain() { try { x(); } catch { } }',
    ].join('\n');
    const code = (await transform(source, '/app/src/a.js'))!.code;
    expect(() => parseAst(code)).not.toThrow();
    expect(code.startsWith('"use strict";')).toBe(true);
    // load, arrow, object and sequence: four scopes, each closed in its finally.
    expect(count(code, /= __taskcontextAwait\(\)/)).toBe(4);
    expect(count(code, /\.x\(\)/)).toBe(4);
    expect(count(code, /\.r\(await \(?\w+\.s\(/)).toBe(count(code, /\bawait /));
    expect(count(code, /\bawait /)).toBe(7);
    // The catch and finally of load resume before their own code; those of noAwait and plain are untouched.
    expect(code).toMatch(/catch \(e\) \{\s*__tcScope\.r\(\);/);
    expect(code).toMatch(/finally \{\s*__tcScope\.r\(\);/);
    expect(count(code, /catch \{\s*\}/)).toBe(2);
    // The sequence is awaited whole: s( receives one argument.
    expect(code).toMatch(/\.s\(\(first\(\), second\(\)\)\)/);
  });

  it('leaves top-level await and async functions without await as written, and adds nothing to a module without awaits', async () => {
    const result = await transform('const a = async () => 1;\nawait a();\n', '/app/src/top.js');
    expect(result!.code).not.toContain('__taskcontextAwait');
    expect(result!.code).toContain('await a()');
  });

  it('keeps a hashbang first, and picks fresh names when the code already uses ours', async () => {
    const source = '#!/usr/bin/env node\nconst __tcScope = 1;\nexport async function f() { await g(__tcScope); }\n';
    const code = (await transform(source, '/app/src/cli.js'))!.code;
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(code).toMatch(/const __tcScope2 = __taskcontextAwait\(\)/);
    expect(code).toContain('__tcScope2.s(g(__tcScope))');
  });

  it.each([
    ['Rollup', parseAst],
    ['Vite (Rolldown)', viteParseAst],
  ])("places its insertions right after non-ASCII text, with %s's parser", async (_host, parse) => {
    const source = 'const s = "héllo 🎉 wörld";\nexport async function f() { const t = "ü"; return await g("🎉", t); }\n';
    const plugin = taskcontextAwait();
    const result = (await plugin.transform.call({ ...hostContext, parse: (c: string) => parse(c) }, source, '/app/src/utf.js'))!;
    const code = result.code;
    expect(() => parseAst(code)).not.toThrow();
    // The call after the inserted text still maps to its column (UTF-16 units, as the parsers count).
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('g("🎉"'));
    const original = originalPositionFor(new TraceMap(result.map), { line: line + 1, column: lines[line]!.indexOf('g("🎉"') });
    expect([original.line, original.column]).toEqual([2, source.split('\n')[1]!.indexOf('g("🎉"')]);
    expect(code).toContain('"héllo 🎉 wörld"'); // as written, not escaped
    expect(code).toMatch(/return __tcScope\.r\(await __tcScope\.s\(g\("🎉", t\)\)\);/);
  });

  it('rewrites TypeScript sources too', async () => {
    const result = await transform('export async function f(x: number): Promise<number> { return await g(x); }', '/app/src/f.ts');
    expect(result!.code).toMatch(/\.r\(await \w+\.s\(g\(x\)\)\)/);
    expect(result!.code).not.toContain(': number');
  });

  it('gives a source map that points back into the original file', async () => {
    const result = await transform(SOURCE, '/app/src/store.js');
    const map = new TraceMap(result!.map);
    expect(map.sources).toEqual(['/app/src/store.js']);
    // `this.cache?.get(id)` is on line 4 of the source, wherever the lowering put it.
    const lines = result!.code.split('\n');
    const line = lines.findIndex((l) => l.includes('this.cache?.get(id)'));
    expect(line).toBeGreaterThanOrEqual(0);
    const original = originalPositionFor(map, { line: line + 1, column: lines[line]!.indexOf('this.cache') });
    expect(original.source).toBe('/app/src/store.js');
    expect(original.line).toBe(4);
    expect(original.column).toBe(SOURCE.split('\n')[3]!.indexOf('this.cache'));
    // `super.load(id)` comes after text inserted on its line: it still maps to its own column.
    const awaitLine = lines.findIndex((l) => l.includes('super.load(id)'));
    const after = originalPositionFor(map, { line: awaitLine + 1, column: lines[awaitLine]!.indexOf('super.load') });
    expect([after.line, after.column]).toEqual([3, SOURCE.split('\n')[2]!.indexOf('super.load')]);
  });

  it('returns null (no change) for a module without async code, and for non-script files', async () => {
    expect(await transform('export const x = 1;', '/app/src/x.js')).toBeNull();
    expect(await transform(SOURCE, '/app/src/style.css')).toBeNull();
    expect(await transform(SOURCE, '\0virtual:module.js')).toBeNull();
  });
});

describe('where it does nothing', () => {
  it('leaves node_modules alone unless asked', async () => {
    expect(await transform(SOURCE, '/app/node_modules/lib/index.js')).toBeNull();
    expect(await transform(SOURCE, '/app/node_modules/lib/index.js', { nodeModules: true })).not.toBeNull();
  });

  it('honours include and exclude (globs and RegExps), with query suffixes ignored', async () => {
    expect(await transform(SOURCE, '/app/src/a.js', { include: 'src/**/*.js' })).not.toBeNull();
    expect(await transform(SOURCE, '/app/lib/a.js', { include: 'src/**/*.js' })).toBeNull();
    expect(await transform(SOURCE, '/app/src/a.js?v=123', { include: ['src/**'] })).not.toBeNull();
    expect(await transform(SOURCE, '/app/src/legacy/a.js', { exclude: /legacy/ })).toBeNull();
  });

  it("does nothing for target 'node' or 'native', and in Vite SSR transforms and builds", async () => {
    expect(await transform(SOURCE, '/app/src/a.js', { target: 'node' })).toBeNull();
    expect(await transform(SOURCE, '/app/src/a.js', { target: 'native' })).toBeNull();
    expect(await transform(SOURCE, '/app/src/a.js', {}, true)).toBeNull();
    const plugin = taskcontextAwait();
    plugin.configResolved({ build: { ssr: 'src/server.ts' } });
    expect(await plugin.transform.call(hostContext, SOURCE, '/app/src/a.js')).toBeNull();
  });
});

describe('bad input', () => {
  it.each([
    [{ nodeModules: 'yes' }, /option 'nodeModules' must be a boolean/],
    [{ target: 'deno' }, /option 'target' must be one of 'browser', 'node', 'native'/],
    [{ include: 5 }, /option 'include' must be a glob string, a RegExp or an array of them/],
    [{ exclude: [/ok/, {}] }, /option 'exclude'/],
    [{ inlcude: 'src/**' }, /unknown option 'inlcude'/],
    [42, /expected an options object/],
  ])('options %j throw a TypeError at config time naming the option', (options, message) => {
    expect(() => taskcontextAwait(options as never)).toThrow(TypeError);
    expect(() => taskcontextAwait(options as never)).toThrow(message);
  });

  it('a file it cannot parse fails the build with the file, line and column', async () => {
    const error = (await transform('const f = async () => {\n  await ;\n};', '/app/src/broken.js').catch((e: unknown) => e)) as Error & {
      loc?: { file: string; line: number; column: number };
    };
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('/app/src/broken.js:2:');
    expect(error.loc).toMatchObject({ file: '/app/src/broken.js', line: 2 });
  });
});
