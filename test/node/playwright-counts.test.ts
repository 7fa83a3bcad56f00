// The Playwright count reporter (test/engines/playwright-counts.ts) on a
// made-up run: it fails a skip without a reason, or for a reason its project
// may not skip for, as it fails a test without an outcome.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import CountReporter from '../engines/playwright-counts.js';

interface Made {
  project: string;
  title: string;
  outcome?: 'expected' | 'skipped' | 'unexpected';
  /** The skip annotation's description, as `test.skip(condition, reason)` leaves it on the result. */
  skippedFor?: string;
}

/** Runs the reporter over `made` and returns its status and what it printed. */
async function report(made: Made[]): Promise<{ status: FullResult['status']; printed: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const tests = made.map(
    ({ project, title, outcome }) =>
      ({ title, titlePath: () => ['', project, 'e2e/x.spec.ts', title], parent: { project: () => ({ name: project }) }, outcome: () => outcome, annotations: [] }) as unknown as TestCase,
  );
  const reporter = new CountReporter();
  reporter.onBegin(undefined, { allTests: () => tests } as unknown as Suite);
  made.forEach(({ outcome, skippedFor }, i) => {
    if (!outcome) return;
    const annotations = skippedFor === undefined ? [] : [{ type: 'skip', ...(skippedFor && { description: skippedFor }) }];
    reporter.onTestEnd(tests[i]!, { annotations } as unknown as TestResult);
  });
  const { status } = await reporter.onEnd({ status: 'passed' } as FullResult);
  return { status, printed: log.mock.calls.flat().join('\n') };
}

describe('the Playwright count reporter', () => {
  afterEach(() => void vi.restoreAllMocks());
  const docs = 'the docs site is checked in Chromium only';

  it('a skip for a reason its project may skip for passes, and the count line says why', async () => {
    const { status, printed } = await report([
      { project: 'chromium', title: 'docs', outcome: 'expected' },
      { project: 'firefox', title: 'docs', outcome: 'skipped', skippedFor: docs },
    ]);
    expect(printed).toContain(`e2e/firefox: 1 expected, 0 passed, 0 failed, 1 skipped (${docs}: 1)`);
    expect(status).toBe('passed');
  });

  it('a skip without a reason, or for a reason its project may not skip for, fails', async () => {
    const { status, printed } = await report([
      { project: 'chromium', title: 'docs', outcome: 'skipped', skippedFor: docs },
      { project: 'chromium', title: 'plain', outcome: 'skipped', skippedFor: '' },
      { project: 'firefox', title: 'docs', outcome: 'skipped', skippedFor: docs },
      { project: 'firefox', title: 'plain', outcome: 'expected' },
    ]);
    expect(printed).toContain(`FAIL [chromium] docs: skipped for '${docs}', not a reason chromium may skip for`);
    expect(printed).toContain('FAIL [chromium] plain: skipped without a reason');
    expect(printed).toContain('e2e/chromium: 2 expected, 0 passed, 2 failed, 0 skipped');
    expect(status).toBe('failed');
  });

  it('a test without an outcome, or no test at all, fails', async () => {
    expect((await report([{ project: 'chromium', title: 'never ran' }])).status).toBe('failed');
    expect((await report([])).status).toBe('failed');
  });
});
