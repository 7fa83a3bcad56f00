// The test262 runners (scripts/test262/run.ts, scripts/test262-await.ts) fail
// on an unexpected result, on no test run and on an unhandled rejection. They
// run on test/portable/fixtures/test262, a tiny stand-in for a tc39/test262
// checkout whose outcomes are known.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeEngine } from '../../scripts/test262/expected.js';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const checkout = 'test/portable/fixtures/test262';
/** Rejects a promise of the runner's own realm once the runner is under way. */
const rejectLater = join(root, 'test', 'portable', 'fixtures', 'reject-later.mjs');

function script(args: string[], nodeArgs: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.NODE_OPTIONS;
    execFile(tsx, [...nodeArgs, ...args], { cwd: root, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('scripts/test262/run.ts judges each engine against scripts/test262/expected.ts', () => {
  const run = (...args: string[]) => script(['scripts/test262/run.ts', checkout, '--engines=node', ...args]);

  it('only the expected failure: passes, naming the failure and its reason', async () => {
    const { code, output } = await run('--filter=context-propagation/generators.js');
    expect(output).toContain('node: 0/1 passed, 1 failed (1 expected)');
    expect(output).toContain("expected to fail: context-propagation/generators.js: a generator's body runs in the caller of next()");
    expect(output).toContain('test262: every failure as expected');
    expect(code).toBe(0);
  }, 120_000);

  it('a failure nobody expects, and an expected failure that passes now: fails', async () => {
    const { code, output } = await run();
    expect(output).toContain('node: 2/4 passed, 2 failed (1 expected)');
    expect(output).toContain('FAIL node: fails-unexpectedly.js failed unexpectedly: Test262Error: a failure nobody expects');
    expect(output).toContain('FAIL node: context-propagation/async-generators.js passes now, but is expected to fail');
    expect(output).toContain('test262: 2 unexpected result(s): the run fails');
    expect(code).toBe(1);
  }, 120_000);

  it('no test run: fails', async () => {
    const { code, output } = await run('--filter=no-such-test');
    expect(output).toContain('FAIL node: no test ran');
    expect(code).toBe(1);
  }, 120_000);

  it('an unhandled rejection in the runner: fails', async () => {
    const { code, output } = await script(['--import', rejectLater, 'scripts/test262/run.ts', checkout, '--engines=node', '--filter=passes.js']);
    expect(output).toContain('FAIL unhandled rejection in the runner: Error: rejected in the runner, nobody handles it');
    expect(code).toBe(1);
  }, 120_000);

  it('an engine that could not run reports that alone, not every expected failure as fixed', () => {
    const crashed = { engine: 'node', passed: 0, total: 2, failures: [{ name: '(engine)', reason: 'could not run: no browser' }] };
    expect(judgeEngine(crashed, ['passes.js', 'context-propagation/generators.js'])).toEqual({ expected: [], problems: ['node: could not run: no browser'] });
  });
});

describe('scripts/test262-await.ts fails on a difference, an unexpected failure both ways, no test run and a rejection of its own', () => {
  const run = (...args: string[]) => script(['scripts/test262-await.ts', checkout, ...args]);

  it('the same outcome both ways, and the expected failure: passes', async () => {
    const { code, output } = await run('--filter=expressions/generators/', '--verbose');
    expect(output).toContain('test262-await: 2 tests, 2 same outcome (1 of them fail both ways), 0 differ');
    expect(output).toContain("BOTH language/expressions/generators/generator-created-after-decl-inst.js: threw Test262Error: standing in for V8 creating the generator object early (expected: V8 creates the generator object before the parameters' defaults run");
    expect(output).not.toContain('FAIL');
    expect(code).toBe(0);
  }, 120_000);

  it('each unexpected result fails, by name', async () => {
    const { code, output } = await run();
    expect(output).toContain('DIFF language/expressions/async-function/differs.js\n    as written: pass\n    transformed: threw Test262Error: nothing installed');
    expect(output).toContain('FAIL language/expressions/async-function/fails-both-ways.js fails both ways, and is not expected to');
    expect(output).toContain('FAIL language/statements/generators/generator-created-after-decl-inst.js passes now, but is expected to fail both ways');
    expect(output).toContain('FAIL unhandled rejection in the runner: Error: escaped into the runner');
    expect(code).toBe(1);
  }, 120_000);

  it("a rejection of the runner's own realm alone fails the run", async () => {
    const { code, output } = await run('--filter=rejects-in-runner');
    expect(output).toContain('test262-await: 1 tests, 1 same outcome (0 of them fail both ways), 0 differ');
    expect(output).toContain('FAIL unhandled rejection in the runner: Error: escaped into the runner');
    expect(code).toBe(1);
  }, 120_000);

  it('no test run: fails', async () => {
    const { code, output } = await run('--filter=no-such-test');
    expect(output).toContain('FAIL no test ran');
    expect(code).toBe(1);
  }, 120_000);
});
