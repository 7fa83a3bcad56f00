// The vitest reporter that holds each project's skips and profile to
// test/portable/expected-profiles.ts (test/setup/skips-reporter.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { EXPECTED_PROFILES } from '../portable/expected-profiles.js';
import SkipsReporter, { judgeVitestSkips, type VitestTest } from '../setup/skips-reporter.js';

const generators = { capability: 'generators', present: true } as const;

describe('judgeVitestSkips', () => {
  it('a skip for a capability the project lacks, and the expected profile: no problem, the count line says why', () => {
    const tests: VitestTest[] = [
      { project: 'node', name: 'runs', skipped: false, profile: { ...EXPECTED_PROFILES.contract['vitest/node'] } },
      { project: 'node', name: 'g', skipped: true, requires: generators },
    ];
    expect(judgeVitestSkips(tests)).toEqual({ lines: ['vitest/node: 2 tests, 1 skipped (needs generators: 1)'], problems: [] });
  });

  it('a skip without a capability, or for one the project has, fails', () => {
    const { problems } = judgeVitestSkips([
      { project: 'node', name: 'plain', skipped: true },
      { project: 'contract-patch', name: 'g', skipped: true, requires: generators },
    ]);
    expect(problems).toEqual([
      'vitest/contract-patch: g: skipped (needs generators), but vitest/contract-patch is expected to have generators',
      'vitest/node: plain: skipped without naming the capability it needs (register it with itNeeds from test/contract/capabilities.ts)',
    ]);
  });

  it("a skip for a capability of node-parity's part (vitest runs the contract's) fails", () => {
    const { problems } = judgeVitestSkips([{ project: 'node', name: 'h', skipped: true, requires: { capability: 'asyncHooks', present: true } }]);
    expect(problems).toEqual(["vitest/node: h: skipped for asyncHooks, a capability of the node-parity suite's profile, not of contract's"]);
  });

  it('any skip in a project that expects none, a changed profile, or a project not in the table fails', () => {
    const { problems } = judgeVitestSkips([
      { project: 'dom', name: 'd', skipped: true, requires: generators },
      { project: 'node', name: 'p', skipped: false, profile: { ...EXPECTED_PROFILES.contract['vitest/node'], generators: true } },
      { project: 'elsewhere', name: 'e', skipped: false },
    ]);
    expect(problems).toEqual([
      'vitest/dom: d: skipped (needs generators), but vitest/dom expects no skips at all',
      'vitest/elsewhere: test/portable/expected-profiles.ts has no entry for it',
      'vitest/node: the profile: generators: expected missing, the suite found it present',
    ]);
  });
});

describe('the reporter', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  const moduleWith = (test: { project: string; name: string; state: string; meta: object }): TestModule =>
    ({
      children: {
        allTests: () => [{ project: { name: test.project }, fullName: test.name, result: () => ({ state: test.state }), meta: () => test.meta }],
      },
    }) as unknown as TestModule;

  it('fails the run (exit code 1) on an unjustified skip, and not on a justified one', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await new SkipsReporter().onTestRunEnd([moduleWith({ project: 'node', name: 'g', state: 'skipped', meta: { requires: generators } })]);
    expect(process.exitCode).toBeUndefined();
    await new SkipsReporter().onTestRunEnd([moduleWith({ project: 'node', name: 'plain', state: 'skipped', meta: {} })]);
    expect(process.exitCode).toBe(1);
    expect(log.mock.calls.flat().join('\n')).toContain('FAIL vitest/node: plain: skipped without naming the capability');
  });

  it('fails the run on a project whose include matches no test file', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const project = (name: string, testFiles: string[]) => ({ name, globTestFiles: async () => ({ testFiles }) });
    const reporter = new SkipsReporter();
    reporter.onInit({ config: {}, projects: [project('node', ['a.test.ts']), project('leak', [])] } as unknown as Vitest);
    await reporter.onTestRunEnd([moduleWith({ project: 'node', name: 'runs', state: 'passed', meta: {} })]);
    expect(process.exitCode).toBe(1);
    expect(log.mock.calls.flat().join('\n')).toContain('FAIL vitest/leak: its include matches no test file');
  });
});
