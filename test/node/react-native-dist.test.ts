/**
 * dist/ as a React Native app takes it (issue #24): every shipped .js, .cjs
 * and .mjs file goes through @react-native/babel-preset, as Metro's Babel
 * transformer hands it every module, with the preset's default options
 * (Hermes V1's `hermes-stable` profile); each file an app can load (what the
 * package's runtime entries reach: not the build tools' plugins, which run
 * in Node) also with the `default` profile (engines without classes: Hermes
 * 0.12, JSC), which lowers classes, private fields and `#x in obj`. Each
 * result an app can load is then compiled by hermesc (hermes-compiler, the
 * compiler of React Native's release builds; it does not take the plugins'
 * import.meta), as are the script bundles (*.umd*.js) as they are, which a
 * page or an embedder loads without Babel. A file Babel or hermesc rejects
 * fails here.
 *
 * The build is done by `npm test` before vitest (`npm run build` by hand).
 */
import { transformAsync } from '@babel/core';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hermescBinary } from '../runtimes/script-engines.js';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const out = join(root, '.cache', 'react-native-dist');

/** Every shipped module and bundle file of dist/, chunks/ included, by path relative to dist/. */
function shipped(): string[] {
  if (!existsSync(join(dist, 'taskcontext.mjs'))) throw new Error('dist/ is missing: run npm run build');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.[cm]?js$/.test(entry.name)) files.push(relative(dist, path));
    }
  };
  walk(dist);
  return files.sort();
}

const files = shipped();
const scriptBundles = files.filter((file) => /\.umd(\.min)?\.js$/.test(file));

/** The package's subpaths an app imports at run time; the others are build tools (vite, rollup, …, loader). */
const RUNTIME_SUBPATHS = ['.', './auto', './polyfill', './opentelemetry', './dev'];

/** Every file of dist/ the runtime subpaths reach, under any condition, through relative imports and requires. */
function appFiles(): Set<string> {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const targets = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(targets) : [];
  const pending = RUNTIME_SUBPATHS.flatMap((subpath) => targets(exports[subpath]))
    .filter((target) => /\.[cm]?js$/.test(target))
    .map((target) => relative(dist, join(root, target)));
  const reached = new Set<string>();
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (reached.has(file)) continue;
    reached.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    for (const [, specifier] of code.matchAll(/(?:from|import|require)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      pending.push(relative(dist, join(dist, file, '..', specifier!)));
    }
  }
  return reached;
}

const forApps = appFiles();

/** Compiles `file` to bytecode with hermesc; resolves to its stderr, rejects with it on failure. */
function hermesc(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // -w: hermesc warns about every global it does not know (require, Promise); only errors matter.
    execFile(hermescBinary, ['-w', '-emit-binary', '-out', `${file}.hbc`, file], { timeout: 60_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`hermesc ${relative(root, file)}: ${stderr || error.message}`));
      else resolve(stderr);
    });
  });
}

/** The preset's options, and the files each is tried on: the build tools' files never run on Hermes 0.12. */
const PROFILES: Array<[string, Record<string, string>, string[]]> = [
  ['preset defaults', {}, files],
  ["profile 'default' (Hermes 0.12)", { unstable_transformProfile: 'default' }, files.filter((file) => forApps.has(file))],
];

it('finds the shipped files: modules, chunks and the script bundles; which an app loads', () => {
  expect(files.filter((file) => file.startsWith('chunks')).length).toBeGreaterThan(0);
  for (const file of forApps) expect(files).toContain(file);
  expect([...forApps]).toEqual(expect.arrayContaining(['taskcontext.mjs', 'taskcontext.cjs', 'taskcontext.node.cjs', 'taskcontext.auto.mjs', 'taskcontext.polyfill.mjs']));
  // The build tools' own entries are not among them.
  expect([...forApps].filter((file) => /^(?:vite|rollup|rolldown|webpack|rspack|esbuild|loader)\./.test(file))).toEqual([]);
  expect(scriptBundles).toEqual(expect.arrayContaining(['taskcontext.umd.min.js', 'taskcontext.legacy.umd.min.js']));
});

describe.each(PROFILES)('@react-native/babel-preset, %s, then hermesc for what an app loads', (profile, options, tried) => {
  it.each(tried)('dist/%s', { timeout: 120_000 }, async (file) => {
    const result = await transformAsync(readFileSync(join(dist, file), 'utf8'), {
      filename: join(dist, file),
      babelrc: false,
      configFile: false,
      sourceType: 'unambiguous',
      presets: [[require.resolve('@react-native/babel-preset'), options]],
    });
    expect(typeof result?.code).toBe('string');
    const target = join(out, profile.replace(/\W+/g, '-'), file.replace(/\.[cm]?js$/, '.js'));
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, result!.code!);
    if (forApps.has(file)) await hermesc(target);
  });
});

describe('hermesc, the script bundles as they are', () => {
  it.each(scriptBundles)('dist/%s', { timeout: 60_000 }, async (file) => {
    mkdirSync(out, { recursive: true });
    const target = join(out, file);
    writeFileSync(target, readFileSync(join(dist, file)));
    await hermesc(target);
  });
});
