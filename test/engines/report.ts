import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../portable/run.js';

const resultsDir = join(import.meta.dirname, '..', '..', '.cache', 'results');

/** Keeps the last run's reports (with each engine's version) for scripts/status-table.ts. */
export function saveReports(kind: 'browsers' | 'runtimes', reports: Report[], versions: Record<string, string>): void {
  mkdirSync(resultsDir, { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(join(resultsDir, `${kind}.json`), JSON.stringify({ at, reports: reports.map((r) => ({ ...r, version: versions[r.engine] ?? '' })) }, null, 2));
}

/** One line per engine, then every failure and skip with its reason. */
export function printReports(reports: Report[]): void {
  for (const r of reports) {
    console.log(`${r.engine.padEnd(10)} backend ${(r.backend ?? '?').padEnd(6)} contract: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  }
  for (const r of reports) {
    for (const f of r.failures) console.log(`  FAIL [${r.engine}] ${f.name}\n       ${f.error}`);
    for (const s of r.skips) console.log(`  skip [${r.engine}] ${s}`);
  }
}

export function totals(reports: Report[]): { passed: number; failed: number; skipped: number } {
  return reports.reduce(
    (sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }),
    { passed: 0, failed: 0, skipped: 0 },
  );
}
