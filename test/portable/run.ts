import { catchUnhandled } from './late-errors.js';
import type { Profile, ProfileSuite, Requirement } from './profile.js';
import { registered, type TestCase } from './vitest-shim.js';

// Runs what the test files registered, one test at a time, and reports in a
// shape every engine driver reads the same way.

export interface Report {
  engine: string;
  /** `backend()` where the suite ran: 'als' on servers, 'patch' in browsers. */
  backend?: string;
  /** The capabilities the suite computed where it ran (its capabilities.ts, else the contract's), checked against the expected profile. */
  profile?: Profile;
  /** Which part of the vocabulary `profile` is (test/portable/profile.ts): whose expected profiles it is judged against. */
  profileSuite?: ProfileSuite;
  passed: number;
  failed: number;
  skipped: number;
  failures: Array<{ name: string; error: string }>;
  /** Each skip with the capability it needs (none for a plain skip or todo, which the judge fails). */
  skips: Array<{ name: string; requires?: Requirement }>;
  /** The name of every registered test that got an outcome, checked against the manifest. */
  reported: string[];
}

/** How long the run waits after the last test for errors that test left behind. */
const LATE_ERROR_GRACE_MS = 100;

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

export async function runRegistered(engine: string, backend?: string, profile?: Profile, profileSuite?: ProfileSuite): Promise<Report> {
  const report: Report = { engine, backend, profile, profileSuite, passed: 0, failed: 0, skipped: 0, failures: [], skips: [], reported: [] };
  const unhandled = catchUnhandled();
  let noticed = 0;
  let last = '(before the first test)';
  // An uncaught error or unhandled rejection fails the run, as in vitest: it
  // is charged to the test that ran last, which is often the one that caused it.
  const chargeUnhandled = () => {
    for (; noticed < unhandled.seen.length; noticed++) {
      const { kind, message: text } = unhandled.seen[noticed]!;
      report.failed++;
      report.failures.push({ name: `unhandled ${kind === 'error' ? 'error' : 'rejection'} during or after: ${last}`, error: text });
    }
  };
  try {
    for (const item of registered) {
      if ('hook' in item) {
        await item.fn();
        continue;
      }
      chargeUnhandled();
      last = item.name;
      report.reported.push(item.name);
      if (item.mode === 'skip') {
        report.skipped++;
        report.skips.push({ name: item.name, ...(item.requires && { requires: item.requires }) });
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
    // Errors that arrive after the last test settled: a timer or a rejection it left behind.
    await new Promise((resolve) => setTimeout(resolve, LATE_ERROR_GRACE_MS));
    await new Promise((resolve) => setTimeout(resolve, 0));
    chargeUnhandled();
  } finally {
    unhandled.stop();
  }
  return report;
}
