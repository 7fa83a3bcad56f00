import type { FullResult, Reporter, Suite, TestCase, TestError } from '@playwright/test/reporter';

// A Playwright reporter that states each project's expected count (the tests
// the spec files registered there), and fails the run when a project
// registered none, a test got no outcome, or one project lacks a test another
// has. Prints `e2e/chromium: N expected, N passed, N failed, N skipped` per
// project, then `N passed, N failed` (the line CI reads).

type Outcome = 'passed' | 'failed' | 'skipped';

export default class CountReporter implements Reporter {
  private registered: TestCase[] = [];
  private readonly outcomes = new Map<TestCase, Outcome>();
  private readonly errors: string[] = [];

  onBegin(_config: unknown, suite: Suite): void {
    this.registered = suite.allTests();
  }

  onTestEnd(test: TestCase): void {
    const outcome = test.outcome();
    this.outcomes.set(test, outcome === 'expected' ? 'passed' : outcome === 'skipped' ? 'skipped' : 'failed');
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
      for (const test of tests) {
        const outcome = this.outcomes.get(test);
        if (outcome) count[outcome]++;
        else {
          count.failed++;
          console.log(`  FAIL [${project}] ${test.title}: registered, but no outcome`);
        }
      }
      const own = new Set(tests.map((t) => t.titlePath().slice(2).join(' > ')));
      for (const title of titles) {
        if (!own.has(title)) {
          count.failed++;
          console.log(`  FAIL [${project}] ${title}: registered in another project, not here`);
        }
      }
      lines.push(`e2e/${project}: ${tests.length} expected, ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`);
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
