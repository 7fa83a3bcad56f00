// taskcontext/jest, through Jest's transformer contract (no Jest run: jest is
// not a dependency here): createTransformer(options) with the options given
// next to it in `transform`, then process / processAsync / getCacheKey as
// Jest calls them. The next transformer is babel-jest's shape
// (test/react-native/babel-jest-like.cjs: Babel with examples/react-native's
// babel.config.js). The file it transforms, examples/react-native/trace.js,
// then runs in a fresh V8 realm with the patch layer installed (the UMD
// bundle, as a jsdom or react-native Jest environment gets the browser
// build): native await there does not call the patched then.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import vm from 'node:vm';
import { TraceMap, eachMapping } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import type { JestTransformer, JestTransformOptions } from '../../src/jest.js';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const tracePath = join(root, 'examples', 'react-native', 'trace.js');
const traceSource = readFileSync(tracePath, 'utf8');
const nextTransformer = join(root, 'test', 'react-native', 'babel-jest-like.cjs');
const { createTransformer } = require('taskcontext/jest') as typeof import('../../src/jest.js');

/** What Jest passes with each file (the parts transformers read). */
function jestOptions(transformerConfig: unknown): JestTransformOptions {
  return { config: { rootDir: root }, configString: '{"rootDir":"."}', transformerConfig, instrument: false };
}

async function made(config?: Parameters<typeof createTransformer>[0]): Promise<JestTransformer> {
  return await createTransformer(config);
}

/**
 * Runs a CommonJS module (trace.js as transformed) in a new realm with the
 * UMD bundle's patch layer installed; its requires (Babel's helpers) load in
 * that realm too. Resolves with the trace's lines.
 */
async function runTrace(code: string): Promise<string[]> {
  const context = vm.createContext({ setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) });
  vm.runInContext(readFileSync(join(root, 'dist', 'taskcontext.umd.js'), 'utf8'), context);
  const cache = new Map<string, unknown>();
  const load = (source: string, file: string): unknown => {
    const module = { exports: {} as unknown };
    const local = (id: string): unknown => {
      if (id === 'taskcontext') return context.TaskContext;
      const path = createRequire(file).resolve(id);
      if (!cache.has(path)) cache.set(path, load(readFileSync(path, 'utf8'), path));
      return cache.get(path);
    };
    const wrapper = vm.runInContext(`(function (exports, require, module) {${source}\n})`, context, { filename: file }) as (...args: unknown[]) => void;
    wrapper(module.exports, local, module);
    return module.exports;
  };
  (context.TaskContext as { install(): void }).install();
  const { runTrace: run } = load(code, tracePath) as { runTrace(): Promise<string[]> };
  return await run();
}

const STEPS = ['after-async-arrow', 'after-class-method', 'after-for-await', 'async-arrow-body', 'async-generator-0', 'async-generator-1', 'await-promise', 'await-thenable', 'class-method-body', 'finally', 'for-await-body-0', 'for-await-body-1', 'try'];

// The first test loads Babel and React Native's preset: seconds on a busy machine.
describe('taskcontext/jest, as Jest calls a transformer', { timeout: 30_000 }, () => {
  it('rewrites the file, hands it on, and the test code keeps context across every native await', async () => {
    const transformer = await made({ transformer: nextTransformer });
    const { code } = transformer.process!(traceSource, tracePath, jestOptions({ transformer: nextTransformer }));
    expect(code).toContain('__tcScope.r(await __tcScope.s(sleep(ms)))');
    const lines = await runTrace(code);
    expect(lines).toEqual(['A', 'B'].flatMap((task) => STEPS.map((step) => `${task} ${step}: kept`)));
  });

  it('without it, the same file handed to the next transformer alone loses context after every await', async () => {
    const { createTransformer: next } = require(nextTransformer) as { createTransformer(): JestTransformer };
    const { code } = next().process!(traceSource, tracePath, jestOptions(undefined));
    expect(code).not.toContain('__tcScope');
    const lines = await runTrace(code);
    expect(lines).toEqual(['A', 'B'].flatMap((task) => STEPS.map((step) => `${task} ${step}: ${step === 'class-method-body' ? 'lost' : 'lost (undefined)'}`)));
  });

  it("the source map is the next transformer's, moved back onto the file as written", async () => {
    const transformer = await made({ transformer: nextTransformer });
    const { map } = transformer.process!(traceSource, tracePath, jestOptions(undefined));
    const trace = new TraceMap(map as ConstructorParameters<typeof TraceMap>[0]);
    expect(trace.sourcesContent).toEqual([traceSource]);
    const lines = traceSource.split('\n');
    const checked: string[] = [];
    const wrong: string[] = [];
    eachMapping(trace, (mapping) => {
      if (!mapping.name || mapping.originalLine === null) return;
      const line = lines[mapping.originalLine - 1] ?? '';
      if (!/\bawait\b/.test(line) || !new RegExp(`\\b${mapping.name}\\b`).test(line)) return;
      const place = `${mapping.name}@${mapping.originalLine}:${mapping.originalColumn}`;
      (line.slice(mapping.originalColumn).startsWith(mapping.name) ? checked : wrong).push(place);
    });
    expect(wrong).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });

  it('processAsync gives what process gives; a file without awaits, or in node_modules, is handed on as written', async () => {
    const transformer = await made({ transformer: nextTransformer });
    const options = jestOptions(undefined);
    expect(await transformer.processAsync!(traceSource, tracePath, options)).toEqual(transformer.process!(traceSource, tracePath, options));
    // Exactly what the next transformer alone gives.
    const { createTransformer: next } = require(nextTransformer) as { createTransformer(): JestTransformer };
    const plain = 'export async function f() {}\nexport const x = 1;\n';
    expect(transformer.process!(plain, '/app/src/x.js', options)).toEqual(next().process!(plain, '/app/src/x.js', options));
    const dependency = join(root, 'node_modules', 'lib', 'trace.js');
    expect(transformer.process!(traceSource, dependency, options)).toEqual(next().process!(traceSource, dependency, options));
  });

  it('the options of the plugins apply (target, nodeModules, include, exclude), and are checked', async () => {
    const options = jestOptions(undefined);
    const dependency = join(root, 'node_modules', 'lib', 'trace.js');
    expect((await made({ transformer: nextTransformer, target: 'node' })).process!(traceSource, tracePath, options).code).not.toContain('__tcScope');
    expect((await made({ transformer: nextTransformer, nodeModules: true })).process!(traceSource, dependency, options).code).toContain('__tcScope');
    expect((await made({ transformer: nextTransformer, exclude: [/trace\.js$/] })).process!(traceSource, tracePath, options).code).not.toContain('__tcScope');
    expect((await made({ transformer: nextTransformer, include: ['**/other/*.js'] })).process!(traceSource, tracePath, options).code).not.toContain('__tcScope');
    expect(() => createTransformer({ transformer: nextTransformer, target: 'server' as 'node' })).toThrow("taskcontext/jest: option 'target' must be one of");
    expect(() => createTransformer({ transformer: 'no-such-transformer' })).toThrow("taskcontext/jest could not find 'no-such-transformer'");
  });

  it('the cache key changes with the file, the options and the next transformer’s key', async () => {
    const options = jestOptions(undefined);
    const a = await made({ transformer: nextTransformer });
    const b = await made({ transformer: nextTransformer, exclude: [/x/] });
    const c = await made({ transformer: [nextTransformer, { comments: false }] });
    const keys = new Set([
      a.getCacheKey!(traceSource, tracePath, options),
      a.getCacheKey!(`${traceSource}\n`, tracePath, options),
      b.getCacheKey!(traceSource, tracePath, options),
      c.getCacheKey!(traceSource, tracePath, options),
    ]);
    expect(keys.size).toBe(4);
    expect(a.getCacheKey!(traceSource, tracePath, options)).toBe((await made({ transformer: nextTransformer })).getCacheKey!(traceSource, tracePath, options));
    expect(await a.getCacheKeyAsync!(traceSource, tracePath, options)).toBe(a.getCacheKey!(traceSource, tracePath, options));
  });
});
