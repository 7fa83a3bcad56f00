import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countLine, totals, type Judged } from '../portable/judge.js';
import { requirementText } from '../portable/profile.js';

const resultsDir = join(import.meta.dirname, '..', '..', '.cache', 'results');

/** Keeps the last run's reports (with each engine's version) for scripts/status-table.ts. */
export function saveReports(kind: 'browsers' | 'runtimes', reports: Judged[], versions: Record<string, string>): void {
  mkdirSync(resultsDir, { recursive: true });
  const at = new Date().toISOString();
  const kept = reports.map(({ reported: _, ...r }) => ({ ...r, version: versions[r.engine] ?? '' }));
  writeFileSync(join(resultsDir, `${kind}.json`), JSON.stringify({ at, reports: kept }, null, 2));
}

/**
 * Every failure and skip with its reason, then one count line per engine, then
 * the totals: `<kind>: N expected, N passed, N failed, N skipped` and, last,
 * the plain `N passed, N failed` that CI reads.
 */
export function printReports(kind: string, reports: Judged[]): void {
  for (const r of reports) {
    for (const s of r.skips) console.log(`  skip [${r.engine}] ${s.name} (${s.requires ? requirementText(s.requires) : 'no reason'})`);
    for (const f of r.failures) console.log(`  FAIL [${r.engine}] ${f.name}\n       ${f.error}`);
  }
  for (const r of reports) console.log(`${countLine(r)} (backend ${r.backend ?? '?'})`);
  const { expected, passed, failed, skipped } = totals(reports);
  console.log(`${kind}: ${expected} expected, ${passed} passed, ${failed} failed, ${skipped} skipped`);
  console.log(`${passed} passed, ${failed} failed`);
}

/** Whether the run as a whole passes: something ran, nothing failed, every registered test got an outcome. */
export function allPassed(reports: Judged[]): boolean {
  const { expected, passed, failed, skipped } = totals(reports);
  return reports.length > 0 && failed === 0 && expected > 0 && passed + skipped === expected;
}
