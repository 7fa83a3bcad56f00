// The pure part of `npm run peers`: what differs between two runs of the
// same tests, which differences the expectations file accounts for, and the
// exit code. No I/O here (test/node/peers.test.ts covers it on small fixtures).
import type { Outcome } from '../test262/report.js';
import type { PeerRun } from './otel/result.js';

/** One test (a Mocha test, or a test262 file in one scenario) whose outcome differs between the two runs. */
export interface Difference {
  /** 'context-async-hooks', 'context-zone' or 'test262'. */
  suite: string;
  engine: string;
  /** The Mocha test's full title, or the test262 file (below test/, `[strict]` for its strict run). */
  name: string;
  /** Its outcome in the baseline (OpenTelemetry's manager; test262 without the library) and in ours. */
  baseline: string;
  ours: string;
  /** Why ours failed, when it did. */
  error?: string;
}

/** Something that makes a comparison worthless: nothing ran, a run crashed, the wrong backend, an unhandled rejection in the baseline. */
export interface Problem {
  suite: string;
  engine: string;
  what: string;
}

export interface Comparison {
  suite: string;
  engine: string;
  /** Tests (or test262 scenarios) that ran, and how many passed, in the baseline and in ours. */
  baseline: { passed: number; total: number };
  ours: { passed: number; total: number };
  /** Passes in the baseline, not in ours (the ones expectations must account for). */
  differences: Difference[];
  /** Fails in the baseline, passes in ours: reported, never an error. */
  gains: Difference[];
  problems: Problem[];
}

const passedCount = (tests: Array<{ state: string }>): number => tests.filter((test) => test.state === 'passed').length;

/** Unhandled lines as difference names: `(unhandled) …`, a repeated one numbered as Mocha's repeated titles are. */
function unnamed(lines: string[]): string[] {
  const seen = new Map<string, number>();
  return lines.map((line) => {
    const count = (seen.get(line) ?? 0) + 1;
    seen.set(line, count);
    return `(unhandled) ${line}${count > 1 ? ` (${count})` : ''}`;
  });
}

/**
 * OpenTelemetry's test file with their manager (`theirs`) and with ours. A
 * run that could not be had is an Error. `backend` is what our run must
 * report: 'als' on a server, 'patch (installed)' in a page.
 */
export function compareOtel(suite: string, engine: string, theirs: PeerRun | Error, ours: PeerRun | Error, backend: string): Comparison {
  const problems: Problem[] = [];
  const problem = (what: string): void => void problems.push({ suite, engine, what });
  const empty = { total: 0, tests: [], unhandled: [], backend: null } satisfies PeerRun;
  if (theirs instanceof Error) problem(`their run failed: ${theirs.message}`);
  if (ours instanceof Error) problem(`our run failed: ${ours.message}`);
  const a = theirs instanceof Error ? empty : theirs;
  const b = ours instanceof Error ? empty : ours;
  if (!(theirs instanceof Error) && a.total === 0) problem('their run registered no test');
  if (!(ours instanceof Error) && b.total === 0) problem('our run registered no test');
  if (a.total !== b.total && a.total > 0 && b.total > 0) problem(`their run registered ${a.total} tests, ours ${b.total}`);
  for (const [who, run] of [['their', a], ['our', b]] as const) {
    const unreported = run.total - run.tests.filter((test) => !test.title.startsWith('(hook) ')).length;
    if (unreported > 0) problem(`${unreported} test(s) of ${who} run got no outcome`);
  }
  // Theirs must run clean: a rejection there says the environment is broken, not our manager.
  for (const line of a.unhandled) problem(`their run: ${line}`);
  if (!(ours instanceof Error) && b.backend !== backend) problem(`our run was on backend '${b.backend}', not '${backend}'`);

  const ourTests = new Map(b.tests.map((test) => [test.title, test]));
  const theirTests = new Map(a.tests.map((test) => [test.title, test]));
  const differences: Difference[] = [];
  const gains: Difference[] = [];
  if (!(theirs instanceof Error) && !(ours instanceof Error)) {
    for (const title of new Set([...theirTests.keys(), ...ourTests.keys()])) {
      const before = theirTests.get(title)?.state ?? 'missing';
      const after = ourTests.get(title)?.state ?? 'missing';
      if (before === after) continue;
      const difference: Difference = { suite, engine, name: title, baseline: before, ours: after };
      const error = ourTests.get(title)?.error;
      if (error) difference.error = error;
      (before === 'passed' ? differences : gains).push(difference);
    }
    // A rejection or error in ours that no test owned is a difference too: the expectations must account for it.
    unnamed(b.unhandled).forEach((name) => differences.push({ suite, engine, name, baseline: 'none', ours: 'unhandled' }));
  }
  return {
    suite,
    engine,
    baseline: { passed: passedCount(a.tests), total: a.total },
    ours: { passed: passedCount(b.tests), total: b.total },
    differences,
    gains,
    problems,
  };
}

/**
 * test262 scenarios `names` without the library (`baseline`) and with the
 * patch layer installed (`ours`), outcomes in the same order. A scenario
 * counts as differing when it passes one way only.
 */
export function compareTest262(engine: string, names: string[], baseline: Outcome[] | Error, ours: Outcome[] | Error): Comparison {
  const suite = 'test262';
  const problems: Problem[] = [];
  if (baseline instanceof Error) problems.push({ suite, engine, what: `the run without the library failed: ${baseline.message}` });
  if (ours instanceof Error) problems.push({ suite, engine, what: `the run with install() failed: ${ours.message}` });
  if (names.length === 0) problems.push({ suite, engine, what: 'no test262 file ran' });
  const a = baseline instanceof Error ? [] : baseline;
  const b = ours instanceof Error ? [] : ours;
  for (const [which, list] of [['without the library', a], ['with install()', b]] as const) {
    if (list.length > 0 && list.length !== names.length) problems.push({ suite, engine, what: `${list.length} outcomes ${which} for ${names.length} scenarios` });
  }
  const differences: Difference[] = [];
  const gains: Difference[] = [];
  if (a.length === names.length && b.length === names.length) {
    names.forEach((name, index) => {
      const before = a[index]!;
      const after = b[index]!;
      if (before.ok === after.ok) return;
      const difference: Difference = { suite, engine, name, baseline: before.ok ? 'pass' : 'fail', ours: after.ok ? 'pass' : 'fail' };
      const error = after.ok ? before.reason : after.reason;
      if (error) difference.error = error;
      (before.ok ? differences : gains).push(difference);
    });
  }
  const passed = (list: Outcome[]): number => list.filter((outcome) => outcome.ok).length;
  return {
    suite,
    engine,
    baseline: { passed: passed(a), total: a.length },
    ours: { passed: passed(b), total: b.length },
    differences,
    gains,
    problems,
  };
}

/** A known difference, with its reason: scripts/peers/expectations.json. */
export interface Expectation {
  suite: string;
  /** The test's title, or the test262 file (it covers the file's strict run too). */
  name: string;
  /** Where it is expected; everywhere the suite runs when absent. */
  engines?: string[];
  reason: string;
}

export interface Matched {
  /** Differences no expectation accounts for. */
  unexpected: Difference[];
  expected: Array<{ difference: Difference; reason: string }>;
  /** Expectations for an engine that ran the suite where nothing differs: the list must stay true. */
  stale: Array<{ expectation: Expectation; engine: string }>;
}

const covers = (expectation: Expectation, difference: Difference): boolean =>
  expectation.suite === difference.suite &&
  (expectation.name === difference.name || (difference.suite === 'test262' && `${expectation.name} [strict]` === difference.name)) &&
  (!expectation.engines || expectation.engines.includes(difference.engine));

/** Sorts the comparisons' differences by the expectations. */
export function matchExpectations(comparisons: Comparison[], expectations: Expectation[]): Matched {
  const matched: Matched = { unexpected: [], expected: [], stale: [] };
  for (const difference of comparisons.flatMap((comparison) => comparison.differences)) {
    const expectation = expectations.find((candidate) => covers(candidate, difference));
    if (expectation) matched.expected.push({ difference, reason: expectation.reason });
    else matched.unexpected.push(difference);
  }
  // Only where the suite ran whole: a run with problems says nothing of what differs.
  for (const comparison of comparisons.filter((c) => c.problems.length === 0)) {
    for (const expectation of expectations) {
      if (expectation.suite !== comparison.suite || (expectation.engines && !expectation.engines.includes(comparison.engine))) continue;
      if (!comparison.differences.some((difference) => covers(expectation, difference))) matched.stale.push({ expectation, engine: comparison.engine });
    }
  }
  return matched;
}

/** 0 when something ran, nothing went wrong, and every difference is expected and every expectation met; 1 otherwise. */
export function exitCode(comparisons: Comparison[], matched: Matched): 0 | 1 {
  const ran = comparisons.reduce((sum, comparison) => sum + comparison.ours.total, 0);
  const problems = comparisons.some((comparison) => comparison.problems.length > 0);
  return ran > 0 && !problems && matched.unexpected.length === 0 && matched.stale.length === 0 ? 0 : 1;
}
