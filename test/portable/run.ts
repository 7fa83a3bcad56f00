import { registered, type TestCase } from './vitest-shim.js';

// Runs what the test files registered, one test at a time, and reports in a
// shape every engine driver reads the same way.

export interface Report {
  engine: string;
  /** `backend()` where the suite ran: 'als' on servers, 'patch' in browsers. */
  backend?: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ name: string; error: string }>;
  skips: string[];
}

function message(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function withTimeout(promise: unknown, ms: number, name: string): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

async function runOne(test: TestCase): Promise<unknown> {
  for (const hook of test.beforeEach) await hook();
  try {
    await withTimeout(test.fn(), test.timeout, test.name);
  } finally {
    for (const hook of test.afterEach) await hook();
  }
  return undefined;
}

export async function runRegistered(engine: string, backend?: string): Promise<Report> {
  const report: Report = { engine, backend, passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
  for (const item of registered) {
    if ('hook' in item) {
      await item.fn();
      continue;
    }
    if (item.mode === 'skip') {
      report.skipped++;
      report.skips.push(item.name);
      continue;
    }
    let error: unknown;
    let threw = false;
    try {
      await runOne(item);
    } catch (e) {
      threw = true;
      error = e;
    }
    if (item.mode === 'fails' ? threw : !threw) report.passed++;
    else {
      report.failed++;
      report.failures.push({ name: item.name, error: item.mode === 'fails' ? 'expected to fail, but passed' : message(error) });
    }
  }
  return report;
}
