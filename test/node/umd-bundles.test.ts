/**
 * The UMD bundles as a <script> tag loads them: each in a fresh realm
 * (`vm`) with no module system, so the wrapper assigns the `TaskContext`
 * global. Two checks:
 *
 * - each .min.js exposes exactly what its readable .umd.js twin does: terser
 *   shortens some internal property names (rollup.config.mjs), and a public
 *   one shortened by mistake would show up here as a missing key;
 * - the core bundle has the AsyncContext API and the patch layer, and no
 *   Context or AsyncLocalStorage, and works: a Variable's value survives a
 *   setTimeout once install() has run.
 *
 * The build is done by `npm test` before vitest (`npm run build` by hand).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist', import.meta.url));

/** A fresh realm that has loaded dist/`file`, with the host's timers as a browser's stand-in. */
function load(file: string): vm.Context {
  const path = join(dist, file);
  expect(existsSync(path), `dist/${file} is missing: run npm run build`).toBe(true);
  const realm = vm.createContext({ setTimeout, clearTimeout, queueMicrotask });
  vm.runInContext(readFileSync(path, 'utf8'), realm, { filename: file });
  return realm;
}

/**
 * Every own key of the `TaskContext` global, of each exported function (a
 * class's statics), of its prototype, and of each exported object: the public
 * surface, by name; and each class's own name. Other values are left out.
 */
const SURFACE = `(() => {
  const keys = (o) => Reflect.ownKeys(o).map(String).sort();
  const surface = { TaskContext: keys(TaskContext) };
  for (const name of Object.keys(TaskContext)) {
    const value = TaskContext[name];
    if (typeof value === 'function') {
      surface[name] = keys(value);
      // A class keeps its name in the minified file too (devtools show it).
      if (/^class\\b/.test(Function.prototype.toString.call(value))) surface[name + '.name'] = [value.name];
      if (value.prototype) surface[name + '.prototype'] = keys(value.prototype);
    } else if (typeof value === 'object' && value !== null) {
      surface[name] = keys(value);
    }
  }
  return JSON.stringify(surface);
})()`;

describe.each(['taskcontext', 'taskcontext.auto', 'taskcontext.core'])('%s UMD bundle', (stem) => {
  it('the minified file exposes the same names as the readable one', () => {
    const readable = JSON.parse(vm.runInContext(SURFACE, load(`${stem}.umd.js`)) as string) as Record<string, string[]>;
    const minified = JSON.parse(vm.runInContext(SURFACE, load(`${stem}.umd.min.js`)) as string) as Record<string, string[]>;
    expect(minified).toEqual(readable);
    expect(readable.TaskContext).toEqual(expect.arrayContaining(['AsyncContext', 'Variable', 'Snapshot', 'install']));
  });
});

describe.each(['taskcontext.core.umd.min.js', 'taskcontext.core.umd.js'])('%s', (file) => {
  it('exposes the AsyncContext API, install/uninstall/installed and ContextError, without Context or AsyncLocalStorage', () => {
    const realm = load(file);
    const kinds = vm.runInContext(
      `Object.fromEntries(Object.keys(TaskContext).sort().map((name) => [name, typeof TaskContext[name]]))`,
      realm,
    ) as unknown;
    expect(kinds).toEqual({
      AsyncContext: 'object',
      ContextError: 'function',
      Snapshot: 'function',
      Variable: 'function',
      install: 'function',
      installed: 'function',
      uninstall: 'function',
    });
    const facts = vm.runInContext(
      `({
        namespace: TaskContext.AsyncContext.Variable === TaskContext.Variable && TaskContext.AsyncContext.Snapshot === TaskContext.Snapshot,
        error: new TaskContext.ContextError('x') instanceof Error && new TaskContext.ContextError('x').name,
      })`,
      realm,
    ) as unknown;
    expect(facts).toEqual({ namespace: true, error: 'ContextError' });
  });

  it('a Variable value survives a setTimeout after install(), and uninstall() puts setTimeout back', async () => {
    const realm = load(file);
    const script = (label: string) => `(() => {
      const variable = globalThis.variable ??= new TaskContext.Variable({ name: 'request' });
      return variable.run('${label}', () => new Promise((resolve) => setTimeout(() => resolve(variable.get()), 1)));
    })()`;
    // Control: no browser runtime carries the value through a timer on its own.
    expect(await (vm.runInContext(script('before'), realm) as Promise<unknown>)).toBeUndefined();

    expect(vm.runInContext('[TaskContext.installed(), TaskContext.install(), TaskContext.installed()?.events]', realm)).toEqual([
      undefined,
      true,
      'registration',
    ]);
    expect(await (vm.runInContext(script('after install'), realm) as Promise<unknown>)).toBe('after install');

    vm.runInContext('TaskContext.uninstall()', realm);
    expect(vm.runInContext('TaskContext.installed()', realm)).toBeUndefined();
    expect(vm.runInContext('setTimeout', realm)).toBe(setTimeout);
  });
});

// The <script> bundles describe a bad argument briefly (src/core/describe.browser.ts: their size
// budget); the package's other builds say it as Node does. The error and the rest of its message are the same.
describe.each(['taskcontext.umd.min.js', 'taskcontext.core.umd.min.js', 'taskcontext.umd.js'])('%s', (file) => {
  it("describes a bad argument briefly: 'got number 1', 'got an object'", () => {
    const realm = load(file);
    const message = (code: string) => vm.runInContext(`(() => { try { ${code}; } catch (error) { return [error.constructor.name, error.message]; } })()`, realm) as unknown;
    expect(message('new TaskContext.Variable().run(1, 1)')).toEqual(['TypeError', 'Variable.run: expected a function as callback, got number 1']);
    expect(message('TaskContext.Snapshot.wrap({})')).toEqual(['TypeError', 'Snapshot.wrap: expected a function as callback, got an object']);
  });
});

it("the package's ESM build describes it as Node does: 'got type number (1)'", async () => {
  const api = (await import(pathToFileURL(join(dist, 'taskcontext.mjs')).href)) as typeof import('../../src/index.js');
  expect(() => new api.Variable().run(1, 1 as never)).toThrow('Variable.run: expected a function as callback, got type number (1)');
});
