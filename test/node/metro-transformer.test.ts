// taskcontext/metro through Metro's babelTransformerPath contract, with a
// next transformer that records what it gets (test/react-native/recording-
// transformer.cjs); withTaskContext() as metro.config.js calls it. The real
// Metro build, on Hermes and QuickJS, is test/node/react-native.test.ts.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRO_SETUP_VARIABLE } from '../../src/await-transform/metro-setup.js';
import { getCacheKey, transform, withTaskContext, type MetroTransformArgs } from '../../src/metro.js';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const recording = join(root, 'test', 'react-native', 'recording-transformer.cjs');
const SOURCE = 'export async function f(g) {\n  const a = await g();\n  return a;\n}\n';
const metroPlugin = { name: "metro's function map" };

interface Recorded {
  metadata: { args: MetroTransformArgs };
}

function transformed(filename: string, src = SOURCE): MetroTransformArgs {
  const options = { projectRoot: '/app', dev: false, platform: 'android' };
  return (transform({ filename, src, options, plugins: [metroPlugin] }) as unknown as Recorded).metadata.args;
}

afterEach(() => {
  delete process.env[METRO_SETUP_VARIABLE];
  vi.restoreAllMocks();
});

describe('withTaskContext(config)', () => {
  it('names taskcontext/metro as the transformer, and hands on to the one the config named', () => {
    const config = { projectRoot: '/app', transformer: { babelTransformerPath: recording, minifierPath: 'm' } };
    const wrapped = withTaskContext(config);
    expect(wrapped).toEqual({ projectRoot: '/app', transformer: { babelTransformerPath: require.resolve('taskcontext/metro'), minifierPath: 'm' } });
    expect(config.transformer.babelTransformerPath).toBe(recording);
    expect(JSON.parse(process.env[METRO_SETUP_VARIABLE]!)).toEqual({ transformer: recording });
    // Wrapping twice hands on to the same transformer, not to itself.
    withTaskContext(wrapped);
    expect(JSON.parse(process.env[METRO_SETUP_VARIABLE]!)).toEqual({ transformer: recording });
  });

  it('passes the options (RegExps too) to the transformer, and checks them when the config loads', () => {
    withTaskContext({}, { transformer: recording, exclude: [/generated/i, '**/legacy/**'], nodeModules: true });
    expect(transformed('src/generated.js').src).toBe(SOURCE);
    expect(transformed('src/legacy/a.js').src).toBe(SOURCE);
    expect(transformed('node_modules/lib/a.js').src).toContain('__tcScope');
    expect(() => withTaskContext({}, { target: 'server' as 'node' })).toThrow("taskcontext/metro: option 'target' must be one of");
    expect(() => withTaskContext({}, { nodeModule: true } as object)).toThrow("taskcontext/metro: unknown option 'nodeModule'");
  });
});

describe('transform({ src, filename, options, plugins })', () => {
  it("rewrites the app's modules and hands them on with its location plugin first, Metro's plugins after", () => {
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording });
    const args = transformed('src/a.js');
    expect(args.src).toContain('const a = __tcScope.r(await __tcScope.s(g()));');
    expect(args.filename).toBe('src/a.js');
    expect(args.options).toEqual({ projectRoot: '/app', dev: false, platform: 'android' });
    expect(args.plugins).toHaveLength(2);
    expect(args.plugins![0]).toMatchObject({ name: 'taskcontext-original-locations' });
    expect(args.plugins![1]).toBe(metroPlugin);
  });

  it('leaves alone: node_modules (paths relative to the project root), target node, modules without awaits', () => {
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording });
    expect(transformed('node_modules/lib/a.js')).toMatchObject({ src: SOURCE, plugins: [metroPlugin] });
    expect(transformed('src/plain.js', 'export const x = 1;\n')).toMatchObject({ src: 'export const x = 1;\n', plugins: [metroPlugin] });
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording, target: 'node' });
    expect(transformed('src/a.js').src).toBe(SOURCE);
  });

  it('reads JSX in .js and TypeScript; a module it cannot parse (Flow) goes on as written, with one warning', () => {
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording });
    expect(transformed('src/App.js', 'export async function App(p) {\n  await p.load();\n  return <View />;\n}\n').src).toContain('return <View />;');
    expect(transformed('src/a.ts', 'export async function f(g: () => Promise<number>): Promise<number> {\n  return await g();\n}\n').src).toContain('__tcScope');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const flow = '// @flow\nexport async function f(g: () => Promise<number>): Promise<number> {\n  return await (g(): any);\n}\n';
    expect(transformed('src/flow.js', flow).src).toBe(flow);
    expect(transformed('src/flow.js', flow).src).toBe(flow);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^taskcontext\/metro: left as written \(its awaits do not keep context\), could not parse \/app\/src\/flow\.js:1:0: Flow is not supported$/);
  });

  it('hands on to React Native\'s transformer when none is named', () => {
    expect(() => getCacheKey({ projectRoot: root })).not.toThrow();
  });
});

describe('getCacheKey()', () => {
  it('changes with the options and with the key of the transformer handed on to', () => {
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording });
    const first = getCacheKey({ projectRoot: root });
    expect(getCacheKey({ projectRoot: root })).toBe(first);
    process.env.RECORDING_TRANSFORMER_KEY = '2';
    const second = getCacheKey({ projectRoot: root });
    delete process.env.RECORDING_TRANSFORMER_KEY;
    process.env[METRO_SETUP_VARIABLE] = JSON.stringify({ transformer: recording, nodeModules: true });
    const third = getCacheKey({ projectRoot: root });
    expect(new Set([first, second, third]).size).toBe(3);
  });
});
