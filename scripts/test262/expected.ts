// What each engine of the conformance run is expected to fail, and why
// (docs/status.md#conformance). The run fails on any other failure, on an
// expected failure that passes now (a change to look at: take it off the
// list), and on an engine that ran no test at all.
import type { EngineResult } from './report.js';

const crossRealmWrap = {
  'Snapshot/wrap/wrapped-function/has-prototype-from-current-realm.js':
    "the realms share one AsyncContext, so wrap of another realm is ours, and its result has our realm's Function.prototype",
};

const generators = Object.fromEntries(
  ['generators.js', 'generators-yield-inside-run.js', 'async-generators.js', 'async-generators-yield-inside-run.js'].map((file) => [
    `context-propagation/${file}`,
    "a generator's body runs in the caller of next(), not its creation frame, unless built (the await plugin rewrites generators)",
  ]),
);

const nativeAwait = Object.fromEntries(
  [
    'context-propagation/async-await.js',
    'Snapshot/prototype/run/returned-promise-does-not-resolve-in-snapshot.js',
    'Snapshot/wrap/wrapped-function/returned-promise-does-not-resolve-in-snapshot.js',
    'Variable/prototype/run/returned-promise-does-not-resolve-in-snapshot.js',
  ].map((file) => [file, 'code after a native await runs in the empty frame: no patch sees an engine resume an async function (the build reaches it)']),
);

const thenableJob = {
  'context-propagation/continuation-propagation-thenable.js':
    "Promise.resolve(thenable) calls thenable.then from the engine's own job (PromiseResolveThenableJob), which the patch layer does not see",
};

/** Raw, a browser's patch layer misses generators, native await and the thenable job; built, only the thenable job. */
const browserRaw = { ...crossRealmWrap, ...generators, ...nativeAwait, ...thenableJob };
const browserBuilt = { ...crossRealmWrap, ...thenableJob };

export const EXPECTED_FAILURES: Record<string, Record<string, string>> = {
  node: { ...crossRealmWrap, ...generators },
  'node-built': crossRealmWrap,
  chromium: browserRaw,
  'chromium-built': browserBuilt,
  firefox: browserRaw,
  'firefox-built': browserBuilt,
  webkit: browserRaw,
  'webkit-built': browserBuilt,
};

/** The failure's name when the engine could not run at all (scripts/test262/run.ts). */
export const ENGINE_FAILURE = '(engine)';

export interface Verdict {
  /** Failures the engine is expected to have, each with its reason. */
  expected: Array<{ name: string; reason: string }>;
  /** What fails the run: unexpected failures, expected failures that pass now, no test run. */
  problems: string[];
}

/** `result` against the engine's expected failures, of the files that ran (`ran`: every file of the run, --filter or not). */
export function judgeEngine(result: EngineResult, ran: readonly string[], expectedFailures = EXPECTED_FAILURES[result.engine] ?? {}): Verdict {
  const verdict: Verdict = { expected: [], problems: [] };
  const crashed = result.failures.find((f) => f.name === ENGINE_FAILURE);
  if (crashed) return { expected: [], problems: [`${result.engine}: ${crashed.reason}`] };
  if (result.total === 0) verdict.problems.push(`${result.engine}: no test ran`);
  const failed = new Set<string>();
  for (const { name, reason } of result.failures) {
    failed.add(name);
    const why = expectedFailures[name];
    if (why === undefined) verdict.problems.push(`${result.engine}: ${name} failed unexpectedly: ${reason}`);
    else verdict.expected.push({ name, reason: why });
  }
  for (const name of ran) {
    if (Object.hasOwn(expectedFailures, name) && !failed.has(name)) {
      verdict.problems.push(`${result.engine}: ${name} passes now, but is expected to fail (${expectedFailures[name]}): take it off scripts/test262/expected.ts`);
    }
  }
  return verdict;
}
