// Prints what `npm run peers` found: per suite and engine ours against the
// baseline, each difference (expected, with its reason, or not, with our
// error), stale expectations and problems, then one summary line.
import type { Comparison, Matched } from './compare.js';

const BASELINE_NAME: Record<string, string> = { test262: 'without', 'context-async-hooks': 'theirs', 'context-zone': 'theirs' };
const OURS_NAME: Record<string, string> = { test262: 'with install()', 'context-async-hooks': 'ours', 'context-zone': 'ours' };

/** `ours 22/41, theirs 41/41`, or for test262 the scenarios passed each way. */
export function countLine(comparison: Comparison): string {
  const { suite, engine, baseline, ours } = comparison;
  return `${suite.padEnd(20)} ${engine.padEnd(9)} ${OURS_NAME[suite] ?? 'ours'} ${ours.passed}/${ours.total}, ${BASELINE_NAME[suite] ?? 'baseline'} ${baseline.passed}/${baseline.total}`;
}

export function formatReport(comparisons: Comparison[], matched: Matched, notes: string[]): string {
  const lines: string[] = [];
  for (const note of notes) lines.push(`note: ${note}`);
  for (const comparison of comparisons) {
    lines.push(countLine(comparison));
    for (const difference of comparison.differences) {
      const known = matched.expected.find((entry) => entry.difference === difference);
      const outcome = `${BASELINE_NAME[difference.suite] ?? 'baseline'} ${difference.baseline}, ${OURS_NAME[difference.suite] ?? 'ours'} ${difference.ours}`;
      lines.push(`  ${known ? 'known' : 'DIFF '} ${difference.name} (${outcome})`);
      if (difference.error) lines.push(`        ${difference.error}`);
      if (known) lines.push(`        why: ${known.reason}`);
    }
    for (const gain of comparison.gains) lines.push(`  gain  ${gain.name} (${BASELINE_NAME[gain.suite] ?? 'baseline'} ${gain.baseline}, ${OURS_NAME[gain.suite] ?? 'ours'} ${gain.ours})`);
    for (const problem of comparison.problems) lines.push(`  PROBLEM ${problem.what}`);
  }
  for (const { expectation, engine } of matched.stale) {
    lines.push(`STALE expectation: ${expectation.suite} ${expectation.name} on ${engine} no longer differs: remove it from scripts/peers/expectations.json`);
  }
  const problems = comparisons.reduce((sum, comparison) => sum + comparison.problems.length, 0);
  lines.push(
    `peers: ${comparisons.length} runs compared, ${matched.expected.length} known differences, ${matched.unexpected.length} unexpected, ` +
      `${matched.stale.length} stale expectations, ${problems} problems`,
  );
  return lines.join('\n');
}
