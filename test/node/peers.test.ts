// The pure parts of `npm run peers` (scripts/peers/): comparing two runs,
// matching differences against the expectations file, the exit code, and
// telling checkouts and test262 front matter apart, on small fixtures. The
// runs themselves need the other projects' checkouts and are not part of npm test.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify } from '../../scripts/peers/checkouts.js';
import { compareOtel, compareTest262, exitCode, matchExpectations, type Expectation } from '../../scripts/peers/compare.js';
import { loadExpectations, parseExpectations } from '../../scripts/peers/expectations.js';
import { brief, describeError } from '../../scripts/peers/otel/collect.js';
import type { PeerRun } from '../../scripts/peers/otel/result.js';
import { parseTest } from '../../scripts/test262/tests.js';

const run = (tests: PeerRun['tests'], extra: Partial<PeerRun> = {}): PeerRun => ({ total: tests.length, tests, unhandled: [], backend: 'als', ...extra });

describe('compareOtel', () => {
  const theirs = run(
    [
      { title: 'M a', state: 'passed' },
      { title: 'M b', state: 'passed' },
      { title: 'M c', state: 'failed', error: 'theirs broke' },
    ],
    { backend: null },
  );

  it('counts both runs and lists what passes with theirs only, with our error', () => {
    const ours = run([
      { title: 'M a', state: 'passed' },
      { title: 'M b', state: 'failed', error: 'AssertionError: nope' },
      { title: 'M c', state: 'passed' },
    ]);
    const comparison = compareOtel('context-async-hooks', 'node', theirs, ours, 'als');
    expect(comparison.ours).toEqual({ passed: 2, total: 3 });
    expect(comparison.baseline).toEqual({ passed: 2, total: 3 });
    expect(comparison.differences).toEqual([{ suite: 'context-async-hooks', engine: 'node', name: 'M b', baseline: 'passed', ours: 'failed', error: 'AssertionError: nope' }]);
    expect(comparison.gains.map((gain) => gain.name)).toEqual(['M c']);
    expect(comparison.problems).toEqual([]);
  });

  it('is a problem when ours is on another backend or misses tests, theirs leaves a rejection, or a run failed', () => {
    const ours = run([{ title: 'M a', state: 'passed' }], { total: 3, backend: 'patch (installed)' });
    const problems = compareOtel('s', 'node', { ...theirs, unhandled: ['unhandled rejection Error: theirs'] }, ours, 'als').problems.map((problem) => problem.what);
    expect(problems).toEqual([
      '2 test(s) of our run got no outcome',
      'their run: unhandled rejection Error: theirs',
      "our run was on backend 'patch (installed)', not 'als'",
    ]);
    const failed = compareOtel('s', 'bun', new Error('exited with code 1'), ours, 'als');
    expect(failed.problems[0]!.what).toBe('their run failed: exited with code 1');
    expect(failed.differences).toEqual([]);
  });

  it('a rejection no test owned, in ours only, is a difference (numbered when repeated)', () => {
    const line = 'unhandled rejection AssertionError: late';
    const comparison = compareOtel('s', 'node', theirs, { ...run(theirs.tests), unhandled: [line, line] }, 'als');
    expect(comparison.problems).toEqual([]);
    expect(comparison.differences.map((d) => [d.name, d.baseline, d.ours])).toEqual([
      [`(unhandled) ${line}`, 'none', 'unhandled'],
      [`(unhandled) ${line} (2)`, 'none', 'unhandled'],
    ]);
  });

  it('is a problem when either run registered nothing', () => {
    expect(compareOtel('s', 'deno', run([]), run([]), 'als').problems.map((p) => p.what)).toEqual(['their run registered no test', 'our run registered no test']);
  });
});

describe('compareTest262', () => {
  const names = ['a.js', 'a.js [strict]', 'b.js'];

  it('lists the scenarios that pass one way only', () => {
    const comparison = compareTest262('node', names, [{ ok: true }, { ok: true }, { ok: false, reason: 'no Promise.try' }], [{ ok: true }, { ok: false, reason: 'Test262Error: x' }, { ok: true }]);
    expect(comparison.differences).toEqual([{ suite: 'test262', engine: 'node', name: 'a.js [strict]', baseline: 'pass', ours: 'fail', error: 'Test262Error: x' }]);
    expect(comparison.gains.map((gain) => [gain.name, gain.error])).toEqual([['b.js', 'no Promise.try']]);
    expect(comparison.baseline).toEqual({ passed: 2, total: 3 });
  });

  it('is a problem when nothing ran or outcomes are missing', () => {
    expect(compareTest262('webkit', [], [], []).problems.map((p) => p.what)).toEqual(['no test262 file ran']);
    expect(compareTest262('firefox', names, [{ ok: true }], [{ ok: true }, { ok: true }, { ok: true }]).problems.map((p) => p.what)).toEqual([
      '1 outcomes without the library for 3 scenarios',
    ]);
  });
});

describe('matchExpectations and exitCode', () => {
  const names = ['p/then.js', 'p/then.js [strict]', 'p/other.js'];
  const differing = compareTest262('chromium', names, [{ ok: true }, { ok: true }, { ok: true }], [{ ok: false }, { ok: false }, { ok: true }]);
  const clean = compareTest262('firefox', names, [{ ok: true }, { ok: true }, { ok: true }], [{ ok: true }, { ok: true }, { ok: true }]);
  const known: Expectation = { suite: 'test262', name: 'p/then.js', reason: 'then is a constructor' };

  it('a listed file covers its strict run too, and only on the engines it names', () => {
    const matched = matchExpectations([differing], [known]);
    expect(matched.unexpected).toEqual([]);
    expect(matched.expected.map((entry) => entry.difference.name)).toEqual(['p/then.js', 'p/then.js [strict]']);
    expect(exitCode([differing], matched)).toBe(0);
    const elsewhere = matchExpectations([differing], [{ ...known, engines: ['webkit'] }]);
    expect(elsewhere.unexpected).toHaveLength(2);
    expect(exitCode([differing], elsewhere)).toBe(1);
  });

  it('an expectation for an engine where nothing differs is stale, and fails the run', () => {
    const matched = matchExpectations([differing, clean], [known]);
    expect(matched.stale).toEqual([{ expectation: known, engine: 'firefox' }]);
    expect(exitCode([differing, clean], matched)).toBe(1);
  });

  it('an engine that did not run (or ran with problems) judges no expectation', () => {
    const broken = compareTest262('webkit', names, new Error('no WebKitWebDriver'), new Error('no WebKitWebDriver'));
    const matched = matchExpectations([differing, broken], [known]);
    expect(matched.stale).toEqual([]);
    expect(exitCode([differing, broken], matched)).toBe(1); // the problem itself fails the run
  });

  it('fails when nothing ran at all', () => {
    expect(exitCode([], matchExpectations([], []))).toBe(1);
  });

  it('an unexpected difference fails the run', () => {
    expect(exitCode([differing], matchExpectations([differing], []))).toBe(1);
  });
});

describe('the expectations file', () => {
  it('needs a reason for each entry', () => {
    expect(() => parseExpectations('{"expectations":[{"suite":"test262","name":"x.js"}]}')).toThrow(/needs a "reason"/);
    expect(() => parseExpectations('{"expectations":[{"suite":"test262","name":"x.js","reason":"r","engines":"node"}]}')).toThrow(/"engines"/);
    expect(parseExpectations('{"expectations":[{"suite":"test262","name":"x.js","reason":"r"}]}')).toHaveLength(1);
  });

  it('scripts/peers/expectations.json parses, and names each entry once', () => {
    const entries = loadExpectations();
    const keys = entries.map((entry) => `${entry.suite} ${entry.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('error accounts', () => {
  it('shows what an assertion compared, a Context by its entries', () => {
    const context = { _currentContext: new Map([[Symbol('span'), 1]]) };
    const error = Object.assign(new Error('Expected values to be strictly equal:\n\n1 !== 2'), { name: 'AssertionError', actual: context, expected: 'x' });
    expect(describeError(error)).toBe('AssertionError: Expected values to be strictly equal: (actual Context{span=1}, expected "x")');
    expect(brief({ _currentContext: new Map() })).toBe('Context{}');
  });
});

describe('checkouts and test262 front matter', () => {
  it('tells an opentelemetry-js checkout from a test262 one by their contents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peers-'));
    const otel = join(dir, 'otel', 'packages', 'opentelemetry-context-async-hooks');
    mkdirSync(otel, { recursive: true });
    writeFileSync(join(otel, 'package.json'), '{"name":"@opentelemetry/context-async-hooks"}');
    const t262 = join(dir, 't262');
    mkdirSync(join(t262, 'harness'), { recursive: true });
    mkdirSync(join(t262, 'test', 'built-ins'), { recursive: true });
    writeFileSync(join(t262, 'harness', 'assert.js'), '');
    writeFileSync(join(t262, 'harness', 'doneprintHandle.js'), '');
    expect(identify(join(dir, 'otel'))).toBe('opentelemetry-js');
    expect(identify(t262)).toBe('test262');
    expect(identify(dir)).toBeUndefined();
  });

  it('reads a negative expectation, in either order of its keys', () => {
    const source = '/*---\ndescription: x\nnegative:\n  type: SyntaxError\n  phase: parse\nflags: [async, onlyStrict]\n---*/\n$DONOTEVALUATE();';
    const test = parseTest('x.js', source);
    expect(test.negative).toEqual({ phase: 'parse', type: 'SyntaxError' });
    expect([...test.flags]).toEqual(['async', 'onlyStrict']);
    expect(parseTest('y.js', '/*---\nflags: [raw]\n---*/').negative).toBeUndefined();
  });
});
