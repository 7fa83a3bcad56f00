// Results per engine: a file passes when every scenario of it passes.
import type { Scenario } from './tests.js';

export interface Outcome {
  ok: boolean;
  reason?: string;
}

export interface EngineResult {
  engine: string;
  passed: number;
  total: number;
  failures: Array<{ name: string; reason: string }>;
}

export function summarize(engine: string, list: Scenario[], outcomes: Outcome[]): EngineResult {
  const byFile = new Map<string, string | undefined>();
  list.forEach((scenario, index) => {
    const outcome = outcomes[index]!;
    const name = scenario.test.name;
    if (!byFile.has(name)) byFile.set(name, undefined);
    if (!outcome.ok && byFile.get(name) === undefined) byFile.set(name, `${scenario.strict ? '[strict] ' : ''}${outcome.reason ?? 'failed'}`);
  });
  const failures = [...byFile].filter(([, reason]) => reason !== undefined).map(([name, reason]) => ({ name, reason: reason! }));
  return { engine, passed: byFile.size - failures.length, total: byFile.size, failures };
}

/** The engine's count line, each expected failure with its reason, then each failure the run fails on. */
export function format(result: EngineResult, verdict: { expected: Array<{ name: string; reason: string }>; problems: string[] }): string {
  const lines = [`${result.engine}: ${result.passed}/${result.total} passed, ${result.failures.length} failed (${verdict.expected.length} expected)`];
  for (const { name, reason } of verdict.expected) lines.push(`  expected to fail: ${name}: ${reason}`);
  for (const problem of verdict.problems) lines.push(`  FAIL ${problem}`);
  return lines.join('\n');
}
