// taskcontext/metro in a real Metro build of a React Native-style app
// (examples/react-native: the app's metro.config.js and babel.config.js),
// run on Hermes 0.12 (hermes-engine-cli) and on QuickJS (quickjs-emscripten).
// Two tasks at once each keep their own value of a Variable across every kind
// of native await, with the transform, on both engines. Without it, QuickJS,
// whose await does not call the patched Promise.prototype.then, loses the
// value after every await; Hermes 0.12, whose await does call it, keeps it.
// Needs dist/ (npm test builds first): the app gets taskcontext as users do.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnyMap, eachMapping } from '@jridgewell/trace-mapping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInHermes, runInQuickJS } from '../react-native/engines.js';
import { appRoot, buildApp, root, type MetroBundle } from '../react-native/metro-build.js';

/** Every check the trace makes, for each task: after each await, and inside the awaited functions. */
const STEPS = [
  'after-async-arrow',
  'after-class-method',
  'after-for-await',
  'async-arrow-body',
  'async-generator-0',
  'async-generator-1',
  'await-promise',
  'await-thenable',
  'class-method-body',
  'finally',
  'for-await-body-0',
  'for-await-body-1',
  'try',
];

/** The trace's lines when every check sees its own task ('kept'), or none does. */
function expected(outcome: 'kept' | 'lost'): string[] {
  return ['A', 'B'].flatMap((task) =>
    STEPS.map((step) => `TRACE ${task} ${step}: ${outcome === 'kept' ? 'kept' : step === 'class-method-body' ? 'lost' : 'lost (undefined)'}`),
  );
}

let withTransform: MetroBundle;
let without: MetroBundle;
let temp: string;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'taskcontext-rn-'));
  // One after the other: Metro's file map and workers are per build.
  withTransform = await buildApp(true);
  without = await buildApp(false);
}, 240_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a Metro bundle built with taskcontext/metro', () => {
  it('takes the package build that React Native resolves (the browser ESM build), and rewrites the app only', () => {
    const sources = (JSON.parse(withTransform.map) as { sections: { map: { sources: string[] } }[] }).sections.map((section) => section.map.sources[0]!);
    expect(sources).toContain(join(root, 'dist', 'taskcontext.mjs'));
    expect(sources.some((source) => /taskcontext\.node\./.test(source))).toBe(false);
    // One lookup function: trace.js's, the one module with awaits (the package and index.js have none to rewrite).
    expect(withTransform.code.match(/function __taskcontextAwait\(kind\)/g)).toHaveLength(1);
    expect(withTransform.code).toContain('__tcScope.r(await __tcScope.s(sleep(ms)))');
    expect(without.code).not.toContain('__tcScope');
    // Native awaits in both: the preset kept async functions (unstable_preserveAsync) and lowered classes for Hermes 0.12.
    for (const bundle of [withTransform, without]) {
      expect(bundle.code).toMatch(/\bawait\b/);
      expect(bundle.code).not.toMatch(/^\s*class\s/m);
    }
  });

  it('Hermes 0.12: both tasks keep their value after every await', async () => {
    expect(await runInHermes(withTransform.code, join(temp, 'with.js'))).toEqual([...expected('kept'), 'TRACE-DONE']);
  });

  it('QuickJS: both tasks keep their value after every await', async () => {
    expect(await runInQuickJS(withTransform.code, 'TRACE-DONE')).toEqual([...expected('kept'), 'TRACE-DONE']);
  });

  it('source maps name the app as written: identifiers on lines with awaits map to their own columns', () => {
    const source = readFileSync(join(appRoot, 'trace.js'), 'utf8').split('\n');
    const checked: string[] = [];
    const wrong: string[] = [];
    eachMapping(new AnyMap(withTransform.map), (mapping) => {
      if (!mapping.source?.endsWith('trace.js') || !mapping.name || mapping.originalLine === null) return;
      const line = source[mapping.originalLine - 1] ?? '';
      // Names Babel's own lowering adds (helpers, `_step.value`) are not on the line as written.
      if (!/\bawait\b/.test(line) || !new RegExp(`\\b${mapping.name}\\b`).test(line)) return;
      const place = `${mapping.name}@${mapping.originalLine}:${mapping.originalColumn}`;
      (line.slice(mapping.originalColumn).startsWith(mapping.name) ? checked : wrong).push(place);
    });
    expect(wrong).toEqual([]);
    expect(checked.length).toBeGreaterThanOrEqual(15);
  });

  it("Metro's function map of the app (names for stack traces on Hermes) has the same places as without the transform", () => {
    interface Section {
      map: { sources: string[]; x_facebook_sources?: [{ names: string[]; mappings: string }][] };
    }
    const functionMap = (bundle: MetroBundle) =>
      (JSON.parse(bundle.map) as { sections: Section[] }).sections.find((section) => section.map.sources[0]!.endsWith('trace.js'))!.map.x_facebook_sources![0]![0];
    const ours = functionMap(withTransform);
    const theirs = functionMap(without);
    expect(ours.mappings).toBe(theirs.mappings);
    // One name differs: Metro names a method of an awaited object literal after the call it is an argument of.
    expect(ours.names).toEqual(theirs.names.map((name) => (name === 'then' ? '__tcScope.s$argument_0.then' : name)));
  });
});

describe('the same app built without it', () => {
  it('QuickJS: both tasks lose their value after every await (its await does not call the patched then)', async () => {
    expect(await runInQuickJS(without.code, 'TRACE-DONE')).toEqual([...expected('lost'), 'TRACE-DONE']);
  });

  it("Hermes 0.12: both tasks keep their value (its await calls Promise.prototype.then, which install() patches)", async () => {
    expect(await runInHermes(without.code, join(temp, 'without.js'))).toEqual([...expected('kept'), 'TRACE-DONE']);
  });
});
