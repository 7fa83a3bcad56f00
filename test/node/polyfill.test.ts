/**
 * taskcontext/polyfill and dist/taskcontext.polyfill.umd.min.js: the global
 * `AsyncContext` as the proposal's would be, where there is none. Each case
 * runs in a fresh Node process (or a fresh vm context for the UMD file), since
 * the polyfill defines a global. Needs the build (`npm test` builds first).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `code` in a fresh `node` in the package root (so `taskcontext/…` resolves to this package); resolves with the JSON it prints last. */
function inFreshNode(code: string, { module = true, args = [] as string[] } = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...args, ...(module ? ['--input-type=module'] : []), '-e', code], { cwd: root, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

const describeGlobal = `
  const d = Object.getOwnPropertyDescriptor(globalThis, 'AsyncContext');
  const shape = { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable,
    tag: Object.prototype.toString.call(AsyncContext), keys: Object.keys(AsyncContext) };`;

describe('taskcontext/polyfill on Node', () => {
  it('import: defines the global with the proposal\'s descriptor, the same namespace as the package exports', async () => {
    const result = await inFreshNode(`
      import 'taskcontext/polyfill';
      import { AsyncContext as exported } from 'taskcontext';
      ${describeGlobal}
      const v = new AsyncContext.Variable();
      const afterAwait = await v.run('x', async () => { await new Promise((r) => setTimeout(r, 1)); return v.get(); });
      console.log(JSON.stringify({ ...shape, same: AsyncContext === exported, afterAwait }));`);
    expect(result).toEqual({ writable: true, enumerable: false, configurable: true, tag: '[object AsyncContext]', keys: [], same: true, afterAwait: 'x' });
  });

  it('require: the same, through the CommonJS build', async () => {
    const result = await inFreshNode(`require('taskcontext/polyfill'); ${describeGlobal} console.log(JSON.stringify({ ...shape, same: AsyncContext === require('taskcontext').AsyncContext }));`, { module: false });
    expect(result).toEqual({ writable: true, enumerable: false, configurable: true, tag: '[object AsyncContext]', keys: [], same: true });
  });

  it('leaves an AsyncContext that is already there alone, and patches nothing', async () => {
    const result = await inFreshNode(`
      const existing = { mine: true };
      globalThis.AsyncContext = existing;
      const Registry = FinalizationRegistry;
      await import('taskcontext/polyfill');
      console.log(JSON.stringify({ kept: globalThis.AsyncContext === existing, enumerable: Object.getOwnPropertyDescriptor(globalThis, 'AsyncContext').enumerable, registry: FinalizationRegistry === Registry }));`);
    expect(result).toEqual({ kept: true, enumerable: true, registry: true });
  });

  it('FinalizationRegistry cleanup runs in the frame of construction (AsyncLocalStorage alone runs it in none)', async () => {
    const result = await inFreshNode(
      `
      const { AsyncLocalStorage } = await import('node:async_hooks');
      const als = new AsyncLocalStorage();
      const seen = {};
      const plain = als.run('constructed', () => new FinalizationRegistry(() => { seen.plain = als.getStore() ?? null; }));
      await import('taskcontext/polyfill');
      const v = new AsyncContext.Variable();
      const patched = v.run('constructed', () => new FinalizationRegistry(() => { seen.polyfilled = v.get() ?? null; }));
      v.run('registering', () => { plain.register({}); patched.register({}); });
      for (let i = 0; i < 20 && Object.keys(seen).length < 2; i++) { gc(); await new Promise((r) => setTimeout(r, 10)); }
      console.log(JSON.stringify(seen));`,
      { args: ['--expose-gc'] },
    );
    expect(result).toEqual({ plain: null, polyfilled: 'constructed' });
  });
});

describe('dist/taskcontext.polyfill.umd.min.js in a page-like realm (no process: the patch backend)', () => {
  const umd = readFileSync(join(root, 'dist', 'taskcontext.polyfill.umd.min.js'), 'utf8');

  it('defines the global and installs the patch layer, so .then callbacks carry the frame', async () => {
    const context = vm.createContext({});
    vm.runInContext(umd, context);
    const shape = vm.runInContext(`({ d: Object.getOwnPropertyDescriptor(globalThis, 'AsyncContext'), tag: Object.prototype.toString.call(AsyncContext) })`, context) as {
      d: PropertyDescriptor;
      tag: string;
    };
    expect({ writable: shape.d.writable, enumerable: shape.d.enumerable, configurable: shape.d.configurable, tag: shape.tag }).toEqual({
      writable: true,
      enumerable: false,
      configurable: true,
      tag: '[object AsyncContext]',
    });
    const seen = await (vm.runInContext(
      `const v = new AsyncContext.Variable();
       v.run('scheduled', () => Promise.resolve().then(() => v.get()))`,
      context,
    ) as Promise<unknown>);
    expect(seen).toBe('scheduled');
  });

  it('leaves an existing AsyncContext alone and installs nothing', () => {
    const context = vm.createContext({});
    const thenBefore = vm.runInContext('globalThis.AsyncContext = { mine: true }; Promise.prototype.then', context) as unknown;
    vm.runInContext(umd, context);
    expect(vm.runInContext('AsyncContext.mine === true', context)).toBe(true);
    expect(vm.runInContext('Promise.prototype.then', context)).toBe(thenBefore);
  });
});
