// The test files of a test262 checkout and what their front matter asks for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folder this runner covers, inside a test262 checkout. */
export const FOLDER = 'test/built-ins/AsyncContext';

/** A test that must throw: `type` is the error's constructor name, `phase` parse, resolution or runtime. */
export interface Negative {
  phase: string;
  type: string;
}

export interface Test262File {
  /** Path below the folder it was found in (FOLDER unless told another), with forward slashes. */
  name: string;
  source: string;
  includes: string[];
  flags: Set<string>;
  features: string[];
  negative?: Negative;
}

/** One way a file is run: test262 runs a file without flags both as sloppy and as strict code. */
export interface Scenario {
  test: Test262File;
  strict: boolean;
}

function list(meta: string, key: string): string[] {
  const inline = new RegExp(`^${key}:\\s*\\[([^\\]]*)\\]`, 'm').exec(meta);
  if (inline) return inline[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-\\s*.+\\n?)+)`, 'm').exec(meta);
  return block ? block[1]!.split('\n').map((line) => line.replace(/^\s*-\s*/, '').trim()).filter(Boolean) : [];
}

/** Reads the front matter (`/*--- … ---*\/`) of a test file. */
export function parseTest(name: string, source: string): Test262File {
  const meta = /\/\*---([\s\S]*?)---\*\//.exec(source)?.[1] ?? '';
  const test: Test262File = { name, source, includes: list(meta, 'includes'), flags: new Set(list(meta, 'flags')), features: list(meta, 'features') };
  // negative:\n  phase: parse\n  type: SyntaxError (either order)
  const block = /^negative:\s*\n((?:[ \t]+\w+:.*\n?)+)/m.exec(meta)?.[1];
  if (block) {
    const field = (key: string): string => new RegExp(`^\\s+${key}:\\s*(\\S+)`, 'm').exec(block)?.[1] ?? '';
    test.negative = { phase: field('phase'), type: field('type') };
  }
  return test;
}

/** Every test file under `folder` (test262's `_FIXTURE` files are helpers, not tests), sorted. */
export function findTests(checkout: string, filter?: string, folder: string = FOLDER): Test262File[] {
  const root = join(checkout, folder);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE') ? [join(dir, entry.name)] : [],
    );
  return walk(root)
    .map((file) => relative(root, file).split('\\').join('/'))
    .filter((name) => !filter || name.includes(filter))
    .sort()
    .map((name) => parseTest(name, readFileSync(join(root, name), 'utf8')));
}

/** The runs of a file: `onlyStrict` strict, `noStrict`/`raw`/`module` as written, otherwise both. */
export function scenarios(test: Test262File): Scenario[] {
  if (test.flags.has('onlyStrict')) return [{ test, strict: true }];
  if (test.flags.has('noStrict') || test.flags.has('raw') || test.flags.has('module')) return [{ test, strict: false }];
  return [
    { test, strict: false },
    { test, strict: true },
  ];
}

/** Harness files every test gets (unless `raw`), then the ones it includes; async tests get doneprintHandle.js. */
export function harnessFor(test: Test262File): string[] {
  if (test.flags.has('raw')) return [];
  const files = ['assert.js', 'sta.js'];
  if (test.flags.has('async')) files.push('doneprintHandle.js');
  for (const include of test.includes) if (!files.includes(include)) files.push(include);
  return files;
}

/** The test's code as run in a scenario: strict runs start with the directive. */
export function codeOf(source: string, scenario: Scenario): string {
  return scenario.strict && !scenario.test.flags.has('module') ? `"use strict";\n${source}` : source;
}
