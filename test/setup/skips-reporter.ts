import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { expectedProfile } from '../portable/expected-profiles.js';
import { profileChanges, requirementText, unjustifiedSkip, type Profile, type Requirement } from '../portable/profile.js';

// A vitest reporter (vitest.config.ts) holding vitest's projects to what the
// portable runners hold every engine to: a skip must name the capability it
// needs (test/contract/capabilities.ts) and the project must be expected to
// lack it, and the profile the contract reports (test/contract/capabilities.test.ts)
// must be the project's in test/portable/expected-profiles.ts (vitest runs no
// suite with a profile of its own: the contract's part); and each
// project must match some test file. Otherwise the run fails. Prints
// `vitest/<project>: N tests, N skipped (reasons)` per project.

export interface VitestTest {
  project: string;
  name: string;
  skipped: boolean;
  requires?: Requirement;
  profile?: Profile;
}

/** The count line of each project, and every problem found (none: the skips are justified). */
export function judgeVitestSkips(tests: readonly VitestTest[]): { lines: string[]; problems: string[] } {
  const lines: string[] = [];
  const problems: string[] = [];
  const projects = [...new Set(tests.map((t) => t.project))].sort();
  for (const project of projects) {
    const place = `vitest/${project}`;
    const own = tests.filter((t) => t.project === project);
    const expected = expectedProfile('contract', place);
    const skips = own.filter((t) => t.skipped);
    const reasons = new Map<string, number>();
    for (const skip of skips) {
      const reason = skip.requires ? requirementText(skip.requires) : 'no reason';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const summary = skips.length > 0 ? ` (${[...reasons].map(([reason, count]) => `${reason}: ${count}`).join(', ')})` : '';
    lines.push(`${place}: ${own.length} tests, ${skips.length} skipped${summary}`);
    if (expected === undefined) {
      problems.push(`${place}: test/portable/expected-profiles.ts has no entry for it`);
      continue;
    }
    for (const skip of skips) {
      const wrong = unjustifiedSkip(skip.requires, 'contract', expected, place);
      if (wrong) problems.push(`${place}: ${skip.name}: ${wrong}`);
    }
    // Reported only where the run included test/contract/capabilities.test.ts (a run of a few files may not).
    for (const { profile } of own.filter((t) => t.profile)) {
      if (expected === null) problems.push(`${place}: reports a profile, but expects none`);
      else for (const change of profileChanges(expected, profile)) problems.push(`${place}: the profile: ${change}`);
    }
  }
  return { lines, problems };
}

export default class SkipsReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    // A project whose include matches nothing would pass with no test run, in silence.
    const empty: string[] = [];
    for (const project of this.vitest?.projects ?? []) {
      if ((await project.globTestFiles()).testFiles.length === 0) empty.push(`vitest/${project.name}: its include matches no test file`);
    }
    // -t marks every test it filters out as skipped: no skip to judge then.
    if (this.vitest?.config.testNamePattern) console.log('skips not checked: -t filters the tests');
    const tests = this.vitest?.config.testNamePattern ? [] : testModules.flatMap((module) =>
      [...module.children.allTests()].map((test): VitestTest => {
        const { requires, profile } = test.meta();
        return { project: test.project.name, name: test.fullName, skipped: test.result().state === 'skipped', requires, profile };
      }),
    );
    const judged = judgeVitestSkips(tests);
    const lines = judged.lines;
    const problems = [...empty, ...judged.problems];
    for (const line of lines) console.log(line);
    for (const problem of problems) console.log(`  FAIL ${problem}`);
    if (problems.length === 0) return;
    console.log(`skips reporter: ${problems.length} problem(s): the run fails`);
    process.exitCode = 1;
  }
}
