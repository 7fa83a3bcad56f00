// Puts one engine's results, taken apart (bench/browser.ts --engines=X --out=FILE,
// or bench/node.ts --out=FILE for Node), into bench/results/latest.json in place
// of that engine's, then recomputes the targets and rewrites latest.md. For an
// engine that failed or crashed during `npm run bench`, or code that changed
// since: the Method section names the engines re-run and their settings.
//
//   npx tsx bench/browser.ts --engines=firefox --out=/tmp/firefox.json
//   npx tsx bench/rerun-engine.ts /tmp/firefox.json
//   node --expose-gc --import tsx bench/node.ts --out=/tmp/node.json && npx tsx bench/rerun-engine.ts /tmp/node.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserOptions, EngineResult } from './browser.js';
import { resultsDir } from './lib.js';
import type { NodeResult } from './node.js';
import { compareWithZone, evaluateTargets, markdown, type Results } from './report.js';

const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/rerun-engine.ts FILE (from bench/browser.ts --out=FILE)');
const parsed = JSON.parse(readFileSync(file, 'utf8')) as { options: BrowserOptions; engines: EngineResult[] } | (NodeResult & { machine?: unknown });
const latest = join(resultsDir, 'latest.json');
const results = JSON.parse(readFileSync(latest, 'utf8')) as Results;
const rerun = 'engines' in parsed ? parsed : { options: parsed.settings, engines: [] };
if (!('engines' in parsed)) {
  results.node = { ...parsed, machine: undefined } as NodeResult;
  (results.reruns ??= []).push({ engine: 'node', at: new Date().toISOString(), options: parsed.settings });
}
for (const engine of rerun.engines) {
  const at = results.engines.findIndex((e) => e.engine === engine.engine);
  if (at < 0) results.engines.push(engine);
  else results.engines[at] = engine;
  const browser = results.browsers.find((b) => b.engine === engine.engine);
  if (browser) Object.assign(browser, { version: engine.version, userAgent: engine.userAgent });
  (results.reruns ??= []).push({ engine: engine.engine, at: new Date().toISOString(), options: rerun.options });
}
results.targets = evaluateTargets(results.node, results.engines);
results.zoneComparison = compareWithZone(results.engines);
writeFileSync(latest, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.md'), markdown(results));
for (const t of results.targets) console.log(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured?.toFixed(2) ?? '–'}× (${t.detail})`);
console.log(`bench: ${'engines' in parsed ? rerun.engines.map((e) => e.engine).join(', ') : 'node'} put into bench/results/latest.json and latest.md`);
