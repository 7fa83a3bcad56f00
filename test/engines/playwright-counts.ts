import type { FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';

// A Playwright reporter that states each project's expected count (the tests
// the spec files registered there), and fails the run when a project
// registered none, a test got no outcome, one project lacks a test another
// has, or a test is skipped for a reason not expected of its project.
// Prints `e2e/chromium: N expected, N passed, N failed, N skipped (reasons)`
// per project, then `N passed, N failed` (the line CI reads).

type Outcome = 'passed' | 'failed' | 'skipped';

/** The reasons each project may skip a test for (`test.skip(condition, reason)`); any other skip, or one without a reason, fails. */
export const EXPECTED_SKIPS: Record<string, readonly string[]> = {
  chromium: [],
  firefox: ['the docs site is checked in Chromium only'],
};

export default class CountReporter implements Reporter {
  private registered: TestCase[] = [];
  private readonly outcomes = new Map<TestCase, Outcome>();
  /** Why each skipped test was skipped (the description of its skip annotation), '' when it gave no reason. */
  private readonly skipReasons = new Map<TestCase, string>();
  private readonly errors: string[] = [];

  onBegin(_config: unknown, suite: Suite): void {
    this.registered = suite.allTests();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const outcome = test.outcome();
    this.outcomes.set(test, outcome === 'expected' ? 'passed' : outcome === 'skipped' ? 'skipped' : 'failed');
    if (outcome === 'skipped') {
      // A skip called inside the test or a hook annotates the result; one in the declaration, the test.
      const skip = [...(result.annotations ?? []), ...test.annotations].find((a) => a.type === 'skip' || a.type === 'fixme');
      this.skipReasons.set(test, skip?.description ?? '');
    }
  }

  onError(error: TestError): void {
    this.errors.push(error.message ?? String(error.value));
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] }> {
    const projects = new Map<string, TestCase[]>();
    for (const test of this.registered) {
      const project = test.parent.project()?.name ?? '(no project)';
      projects.set(project, [...(projects.get(project) ?? []), test]);
    }
    const titles = new Set(this.registered.map((t) => t.titlePath().slice(2).join(' > ')));
    let passed = 0;
    let failed = this.errors.length;
    let expected = 0;
    let skipped = 0;
    for (const error of this.errors) console.log(`  FAIL [playwright] ${error.split('\n')[0]}`);
    const lines: string[] = [];
    for (const [project, tests] of projects) {
      const count = { passed: 0, failed: 0, skipped: 0 };
      const reasons = new Map<string, number>();
      for (const test of tests) {
        const outcome = this.outcomes.get(test);
        const reason = this.skipReasons.get(test) ?? '';
        if (!outcome) {
          count.failed++;
          console.log(`  FAIL [${project}] ${test.title}: registered, but no outcome`);
        } else if (outcome === 'skipped' && !(EXPECTED_SKIPS[project] ?? []).includes(reason)) {
          count.failed++;
          console.log(`  FAIL [${project}] ${test.title}: ${reason ? `skipped for '${reason}', not a reason ${project} may skip for` : 'skipped without a reason'} (test/engines/playwright-counts.ts)`);
        } else {
          count[outcome]++;
          if (outcome === 'skipped') reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
        }
      }
      const own = new Set(tests.map((t) => t.titlePath().slice(2).join(' > ')));
      for (const title of titles) {
        if (!own.has(title)) {
          count.failed++;
          console.log(`  FAIL [${project}] ${title}: registered in another project, not here`);
        }
      }
      const why = reasons.size > 0 ? ` (${[...reasons].map(([reason, n]) => `${reason}: ${n}`).join(', ')})` : '';
      lines.push(`e2e/${project}: ${tests.length} expected, ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped${why}`);
      expected += tests.length;
      passed += count.passed;
      failed += count.failed;
      skipped += count.skipped;
    }
    for (const line of lines) console.log(line);
    console.log(`playwright: ${expected} expected, ${passed} passed, ${failed} failed, ${skipped} skipped`);
    console.log(`${passed} passed, ${failed} failed`);
    const complete = expected > 0 && failed === 0 && passed + skipped === expected;
    return { status: complete && result.status === 'passed' ? 'passed' : 'failed' };
  }
}
