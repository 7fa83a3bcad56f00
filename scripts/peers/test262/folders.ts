// Which test262 files this runner runs: the folders of issue #23, where the
// patch layer's `then`, microtask and await hooks could change an outcome.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findTests, parseTest, scenarios, type Scenario, type Test262File } from '../../test262/tests.js';

export const TEST262_FOLDERS = [
  'built-ins/Promise',
  'built-ins/AsyncFunction',
  'built-ins/AsyncGeneratorPrototype',
  'language/expressions/await',
  'language/statements/async-function',
  'language/expressions/async-function',
] as const;

/** Every file of the folders (names below test/, e.g. built-ins/Promise/all/call-resolve-element.js), sorted. */
export function findFiles(checkout: string, filter?: string): Test262File[] {
  return TEST262_FOLDERS.flatMap((folder) => {
    const dir = join('test', folder);
    if (!existsSync(join(checkout, dir))) throw new Error(`${join(checkout, dir)} is missing: not a tc39/test262 checkout?`);
    return findTests(checkout, undefined, dir).map((test) => ({ ...test, name: `${folder}/${test.name}` }));
  }).filter((test) => !filter || test.name.includes(filter));
}

/** The scenarios of every file: test262's, a file without flags both sloppy and strict. */
export function scenariosOf(files: Test262File[]): Scenario[] {
  return files.flatMap(scenarios);
}

/** A file's name, `[strict]` when the scenario is the strict run of a file that has both. */
export function scenarioName(scenario: Scenario): string {
  return `${scenario.test.name}${scenario.strict && !scenario.test.flags.has('onlyStrict') ? ' [strict]' : ''}`;
}

/**
 * A run's own check, added to each list: without the library, no TaskContext
 * global; with it, the patch layer installed. A run where it fails compares
 * nothing, so the runner fails it.
 */
export function probe(install: boolean): Scenario {
  const source = install
    ? `/*---\nflags: [raw]\n---*/\nif (typeof TaskContext !== 'object' || TaskContext.backend() !== 'patch' || !TaskContext.installed()) throw new Error('the patch layer is not installed');`
    : `/*---\nflags: [raw]\n---*/\nif (typeof TaskContext !== 'undefined') throw new Error('the library is loaded in a run without it');`;
  return { test: parseTest(PROBE_NAME, source), strict: false };
}

export const PROBE_NAME = '(probe: is the library there, and installed?)';
