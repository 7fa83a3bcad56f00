import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './manifest.js';
import type { Report } from './run.js';

// Checks what an engine reported against what the suite registered there, so
// that a run that saw no tests, fewer tests, or lost one, fails.

const manifestDir = join(import.meta.dirname, '..', '..', '.cache', 'manifests');

export interface Judged extends Report {
  suite: string;
  /** How many tests the suite registered in this engine (its manifest), named skips included. */
  expected: number;
}

/** Keeps the manifest an engine wrote, next to the other run artefacts (for a look after a failure). */
export function saveManifest(manifest: Manifest): void {
  mkdirSync(manifestDir, { recursive: true });
  writeFileSync(join(manifestDir, `${manifest.suite}-${manifest.engine}.json`), JSON.stringify(manifest, null, 2));
}

function fail(report: Report, name: string, error: string): void {
  report.failed++;
  report.failures.push({ name, error });
}

/**
 * `report` checked against `manifest`: every registered test must have an
 * outcome (each one that has none counts as failed), at least one test must
 * be registered, and the suite must have run on `backend`.
 */
export function judge(suite: string, engine: string, manifest: Manifest | undefined, report: Report | undefined, backend: string): Judged {
  const judged: Judged = {
    suite,
    engine,
    backend: report?.backend,
    expected: manifest?.tests.length ?? 0,
    passed: report?.passed ?? 0,
    failed: report?.failed ?? 0,
    skipped: report?.skipped ?? 0,
    failures: [...(report?.failures ?? [])],
    skips: [...(report?.skips ?? [])],
    reported: [...(report?.reported ?? [])],
  };
  if (!manifest) fail(judged, 'the manifest', 'the suite wrote no manifest: it did not load');
  else if (manifest.tests.length === 0) fail(judged, 'the manifest', '0 tests registered');
  if (!report) fail(judged, 'the report', 'the suite gave no report');
  // Names may repeat (two files, one title): count them.
  const outcomes = new Map<string, number>();
  for (const name of judged.reported) outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
  for (const { name } of manifest?.tests ?? []) {
    const left = outcomes.get(name) ?? 0;
    if (left > 0) outcomes.set(name, left - 1);
    else fail(judged, name, 'registered, but never reported an outcome');
  }
  for (const [name, left] of outcomes) {
    if (left > 0) fail(judged, name, 'reported, but not in the manifest');
  }
  if (report && report.backend !== backend) {
    fail(judged, `backend() === '${backend}'`, `backend() is '${report.backend}', expected '${backend}'`);
  }
  return judged;
}

/** `contract/node20: 312 expected, 300 passed, 0 failed, 12 skipped`. */
export function countLine(r: Judged): string {
  return `${r.suite}/${r.engine}: ${r.expected} expected, ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
}

/** The judged reports' totals; a run passes only if nothing failed and every test registered got an outcome. */
export function totals(reports: Judged[]): { expected: number; passed: number; failed: number; skipped: number } {
  return reports.reduce(
    (sum, r) => ({ expected: sum.expected + r.expected, passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }),
    { expected: 0, passed: 0, failed: 0, skipped: 0 },
  );
}
