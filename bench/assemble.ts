// Puts bench/results/latest.json and latest.md together from parts run apart:
// bench/node.ts --out, bench/browser.ts --out (one file per run, any engines),
// bench/memory.ts --out; the sizes are measured here. For when `npm run bench`
// could not run in one go (a crash late in a long run), or parts must be re-run.
//
//   npx tsx bench/assemble.ts --node=/tmp/node.json --browsers=/tmp/a.json,/tmp/b.json [--memory=/tmp/memory.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserOptions, EngineResult } from './browser.js';
import { machineInfo, resultsDir, root } from './lib.js';
import type { MemoryResult } from './memory.js';
import type { NodeResult } from './node.js';
import { compareWithZone, evaluateTargets, markdown, type Results } from './report.js';
import { measureSize } from './size.js';
import { ENGINES } from './engines.js';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
if (!args.get('node') || !args.get('browsers')) throw new Error('usage: npx tsx bench/assemble.ts --node=FILE --browsers=FILE[,FILE…] [--memory=FILE]');
const node = read<NodeResult & { machine?: unknown }>(args.get('node')!);
const parts = args.get('browsers')!.split(',').map((f) => read<{ options: BrowserOptions; engines: EngineResult[] }>(f));
const engines = parts.flatMap((p) => p.engines).sort((a, b) => ENGINES.indexOf(a.engine) - ENGINES.indexOf(b.engine));
const memory = args.get('memory') ? read<MemoryResult>(args.get('memory')!) : undefined;

const results: Results = {
  generatedAt: new Date().toISOString(),
  durationSeconds: 0,
  machine: machineInfo(),
  browsers: engines.map((e) => ({ engine: e.engine, version: e.version, userAgent: e.userAgent })),
  settings: {
    node: node.settings,
    browser: parts[0]!.options,
    playwright: read<{ version: string }>(join(root, 'node_modules', 'playwright-core', 'package.json')).version,
    built: false,
    assembled: true,
  },
  node: { ...node, machine: undefined } as NodeResult,
  engines,
  memory,
  size: await measureSize(),
  targets: evaluateTargets(node, engines),
  zoneComparison: compareWithZone(engines),
  // Parts whose settings differ from the first's are named in the Method section.
  reruns: parts
    .slice(1)
    .filter((p) => JSON.stringify(p.options) !== JSON.stringify({ ...parts[0]!.options, engines: p.options.engines }))
    .flatMap((p) => p.engines.map((e) => ({ engine: e.engine, at: new Date().toISOString(), options: p.options }))),
};
results.durationSeconds = engines.reduce((sum, e) => sum + e.seconds, 0);
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.md'), markdown(results));
for (const t of results.targets) console.log(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured?.toFixed(2) ?? '–'}× (${t.detail})`);
console.log('bench: wrote bench/results/latest.json and latest.md, assembled from parts');
