// The taskcontext/rollup plugin on its own: what it lowers, what it leaves
// alone, where it does nothing, its source maps, and its errors. (Its effect in
// real browsers is in e2e/scenarios.ts: the await scenarios and the Vite app.)
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
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
  const context = {
    error(error: { message: string; loc?: unknown }): never {
      throw Object.assign(new Error(error.message), error);
    },
  };
  return plugin.transform.call(context, code, id, ssr === undefined ? undefined : { ssr });
}

describe('taskcontext/rollup lowers async code and nothing else', () => {
  it('leaves no async function, await, async generator or for await, and keeps other syntax as written', async () => {
    const result = await transform(SOURCE, '/app/src/store.js');
    expect(result).not.toBeNull();
    const code = result!.code;
    expect(code).not.toMatch(/\basync\b|\bawait\b/);
    // Optional chaining and nullish coalescing are not lowered.
    expect(code).toContain('this.cache?.get(id) ?? row');
    // The resumptions go through .then, which the patch layer carries.
    expect(code).toMatch(/\.then\(/);
  });

  it('lowers TypeScript sources too', async () => {
    const result = await transform('export async function f(x: number): Promise<number> { return await g(x); }', '/app/src/f.ts');
    expect(result!.code).not.toMatch(/\bawait\b/);
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
    const context = { error: (): never => { throw new Error('unexpected'); } };
    expect(await plugin.transform.call(context, SOURCE, '/app/src/a.js')).toBeNull();
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
