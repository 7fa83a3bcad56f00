// npm run test262 -- <path to a tc39/test262 checkout> [--engines=a,b] [--filter=text] [--json=file]
//
// Runs test/built-ins/AsyncContext/ of the checkout against taskcontext's
// polyfill (run `npm run build` first): on Node, raw and built through the
// await transform, and in Chromium, Firefox ESR and WebKitGTK, raw and built,
// the UMD polyfill loaded first. Prints per engine what passed, and each
// failure with a one-line reason. Not part of `npm test`: it needs the checkout.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTest } from './build-test.js';
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
  for (const engine of engines) {
    const started = Date.now();
    let result: EngineResult;
    try {
      result = summarize(engine, list, await runEngine(engine, checkout, list));
    } catch (error) {
      result = { engine, passed: 0, total: tests.length, failures: [{ name: '(engine)', reason: `could not run: ${(error as Error).message.split('\n')[0]}` }] };
    }
    results.push(result);
    console.log(`${format(result)}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  console.log('\nSummary');
  for (const { engine, passed, total } of results) console.log(`  ${engine.padEnd(15)} ${passed}/${total}`);
  if (json) writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
