// npm run test262 -- <path to a tc39/test262 checkout> [--engines=a,b] [--filter=text] [--json=file]
//
// Runs test/built-ins/AsyncContext/ of the checkout against taskcontext's
// polyfill (run `npm run build` first): on Node, raw and built through the
// await transform, and in Chromium, Firefox ESR and WebKitGTK, raw and built,
// the UMD polyfill loaded first. Prints per engine what passed, and each
// failure with a one-line reason. Exits 1 on a failure not expected of the
// engine (scripts/test262/expected.ts), on an expected one that passes now,
// on an engine that ran no test, and on an unhandled rejection. Not part of
// `npm test`: it needs the checkout.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTest } from './build-test.js';
import { ENGINE_FAILURE, judgeEngine } from './expected.js';
import { runInBrowser, type BrowserName } from './browsers.js';
import { runOnNode } from './node.js';
import { format, summarize, type EngineResult, type Outcome } from './report.js';
import { findTests, FOLDER, scenarios, type Scenario } from './tests.js';

const ENGINES = ['node', 'node-built', 'chromium', 'chromium-built', 'firefox', 'firefox-built', 'webkit', 'webkit-built'] as const;
type Engine = (typeof ENGINES)[number];

function parseArgs(argv: string[]): { checkout: string; engines: Engine[]; filter?: string; json?: string } {
  const positional = argv.filter((arg) => !arg.startsWith('--'));
  const option = (name: string): string | undefined => argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const checkout = positional[0];
  if (!checkout || !existsSync(join(checkout, FOLDER))) {
    throw new Error(`usage: npm run test262 -- <test262 checkout> [--engines=${ENGINES.join(',')}] [--filter=text] [--json=file]\n` +
      `(the checkout must have ${FOLDER}: tc39/test262 at the head of pull request 3874)`);
  }
  const engines = (option('engines')?.split(',') ?? [...ENGINES]) as Engine[];
  for (const engine of engines) if (!ENGINES.includes(engine)) throw new Error(`unknown engine '${engine}' (known: ${ENGINES.join(', ')})`);
  return { checkout, engines, filter: option('filter'), json: option('json') };
}

async function runEngine(engine: Engine, checkout: string, list: Scenario[]): Promise<Outcome[]> {
  const built = engine.endsWith('-built');
  const prepare = built ? buildTest : (code: string) => code;
  if (engine === 'node' || engine === 'node-built') return runOnNode(list, { checkout, prepare, timeoutMs: 10_000, parallel: 2 });
  return runInBrowser(engine.replace('-built', '') as BrowserName, list, { checkout, prepare, timeoutMs: 10_000 });
}

async function main(): Promise<void> {
  const { checkout, engines, filter, json } = parseArgs(process.argv.slice(2));
  const tests = findTests(checkout, filter);
  const list = tests.flatMap(scenarios);
  console.log(`${tests.length} test files (${list.length} runs) from ${join(checkout, FOLDER)}`);
  const results: EngineResult[] = [];
  const problems: string[] = [];
  for (const engine of engines) {
    const started = Date.now();
    let result: EngineResult;
    try {
      result = summarize(engine, list, await runEngine(engine, checkout, list));
    } catch (error) {
      result = { engine, passed: 0, total: tests.length, failures: [{ name: ENGINE_FAILURE, reason: `could not run: ${(error as Error).message.split('\n')[0]}` }] };
    }
    const verdict = judgeEngine(result, tests.map((t) => t.name));
    results.push(result);
    problems.push(...verdict.problems);
    console.log(`${format(result, verdict)}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log('\nSummary');
  for (const { engine, passed, total } of results) console.log(`  ${engine.padEnd(15)} ${passed}/${total}`);
  if (json) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  for (const problem of problems) console.log(`FAIL ${problem}`);
  const count = problems.length + unhandledRejections;
  console.log(count === 0 ? 'test262: every failure as expected' : `test262: ${count} unexpected result(s): the run fails`);
  if (count > 0) process.exitCode = 1;
}

// The tests run in child processes and pages: a rejection nobody handles here is the runner's own.
let unhandledRejections = 0;
process.on('unhandledRejection', (reason) => {
  unhandledRejections++;
  console.log(`FAIL unhandled rejection in the runner: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  process.exitCode = 1;
});

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
