import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectedProfile } from './expected-profiles.js';
import type { Manifest } from './manifest.js';
import { CAPABILITIES, profileChanges, requirementText, unjustifiedSkip } from './profile.js';
import type { Report } from './run.js';

// Checks what an engine reported against what the suite registered there, so
// that a run that saw no tests, fewer tests, or lost one, fails; and against
// what the place is expected to be able to do (expected-profiles.ts, for the
// part of the vocabulary the suite's profile is), so that a skip needs a
// reason, and a capability lost or gained fails the run.

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

/** What the runner demands of an engine: its backend, and its place in test/portable/expected-profiles.ts. */
export interface Demands {
  backend: string;
  place: string;
}

/**
 * `report` checked against `manifest`: every registered test must have an
 * outcome (each one that has none counts as failed), at least one test must
 * be registered, and the suite must have run on `backend`. Checked against
 * the place's expected profile in the part of the vocabulary the suite says
 * its profile is (the contract's, or its own): the profile the suite reported
 * must be that one, and every skip must name a capability of that part the
 * place is expected to lack (or, for a test of a platform's limit, to have).
 */
export function judge(suite: string, engine: string, manifest: Manifest | undefined, report: Report | undefined, { backend, place }: Demands): Judged {
  const judged: Judged = {
    suite,
    engine,
    backend: report?.backend,
    profile: report?.profile,
    profileSuite: report?.profileSuite,
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
  if (report) {
    const part = report.profileSuite;
    const expected = part && Object.hasOwn(CAPABILITIES, part) ? expectedProfile(part, place) : undefined;
    if (!part) fail(judged, 'the profile', 'the suite did not say which part of the vocabulary its profile is (its capabilities.ts exports profileSuite)');
    else if (!Object.hasOwn(CAPABILITIES, part)) fail(judged, 'the profile', `'${part}' is no part of the vocabulary (test/portable/profile.ts)`);
    else if (expected === undefined) fail(judged, 'the expected profile', `test/portable/expected-profiles.ts has no ${part} entry for '${place}'`);
    else {
      if (expected) for (const change of profileChanges(expected, report.profile)) fail(judged, 'the profile', change);
      for (const skip of judged.skips) {
        const wrong = unjustifiedSkip(skip.requires, part, expected, engine);
        if (wrong) fail(judged, skip.name, wrong);
      }
    }
  }
  return judged;
}

/** `needs generators: 7, only without generators: 1`: how many skips each reason has. */
export function skipReasons(r: Pick<Report, 'skips'>): string {
  const counts = new Map<string, number>();
  for (const { requires } of r.skips) {
    const reason = requires ? requirementText(requires) : 'no reason';
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => `${reason}: ${count}`).join(', ');
}

/** `contract/workerd: 369 expected, 362 passed, 0 failed, 7 skipped (needs generators: 7)`. */
export function countLine(r: Judged): string {
  const reasons = r.skips.length > 0 ? ` (${skipReasons(r)})` : '';
  return `${r.suite}/${r.engine}: ${r.expected} expected, ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${reasons}`;
}

/** The judged reports' totals; a run passes only if nothing failed and every test registered got an outcome. */
export function totals(reports: Judged[]): { expected: number; passed: number; failed: number; skipped: number } {
  return reports.reduce(
    (sum, r) => ({ expected: sum.expected + r.expected, passed: sum.passed + r.passed, failed: sum.failed + r.failed, skipped: sum.skipped + r.skipped }),
    { expected: 0, passed: 0, failed: 0, skipped: 0 },
  );
}

/**
 * The engines of one run must have registered the same tests: a test that
 * cannot run somewhere is registered there all the same and skipped naming
 * the capability it needs, never left out (a test dropped on one engine would
 * pass unseen). Fails each engine on every test another engine registered and
 * it did not, by name. Engines with no manifest fail already and are left out.
 */
export function judgeSameTests(runs: ReadonlyArray<{ judged: Judged; manifest: Manifest | undefined }>): void {
  const registered = runs.filter((run) => (run.manifest?.tests.length ?? 0) > 0);
  for (const run of registered) {
    const own = new Set(run.manifest!.tests.map((test) => test.name));
    const elsewhere = new Map<string, string[]>();
    for (const other of registered) {
      if (other === run) continue;
      for (const { name } of other.manifest!.tests) {
        if (own.has(name)) continue;
        const engines = elsewhere.get(name) ?? [];
        if (!engines.includes(other.judged.engine)) engines.push(other.judged.engine);
        elsewhere.set(name, engines);
      }
    }
    for (const [name, engines] of elsewhere) {
      fail(run.judged, name, `registered on ${engines.join(', ')}, not here: register it everywhere, skipped with itNeeds where it cannot run`);
    }
  }
}
