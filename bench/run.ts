// npm run bench: the whole benchmark in one go.
//
//   0. npm run build (skipped with --no-build): the measured code is the shipped one;
//   1. Node (bench/node.ts, in a child process of its own, under --expose-gc);
//   2. browsers (bench/browser.ts): Chromium, Firefox, WebKit;
//   3. memory in Chromium through CDP (bench/memory.ts);
//   4. the sizes of the UMD bundles and what weighs most (bench/size.ts);
//
// then bench/results/latest.json and bench/results/latest.md.
// Options are bench/browser.ts's (--engines=…, --pages=N, --rounds=N, --warmup=N, --scale=X, --only=…, --impls=…),
// bench/memory.ts's (--memory-n=N, --soak=N, --memory-impls=…, --soak-impls=…, --memory-repeats=N, or --no-memory),
// plus --node-runs=N, --no-build and --no-build-cost.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBrowserOptions, runBrowserBenchmarks } from './browser.js';
import { cacheDir, machineInfo, resultsDir, root } from './lib.js';
import type { NodeResult } from './node.js';
import { compareWithZone, evaluateTargets, markdown, type Results } from './report.js';
import { measureSize } from './size.js';
import { parseMemoryOptions, runMemoryBenchmarks } from './memory.js';

const started = Date.now();
const argv = process.argv.slice(2);
const nodeRuns = argv.find((a) => a.startsWith('--node-runs='))?.split('=')[1];
const own = /^--(node-runs|memory-n|soak|memory-impls|soak-impls|memory-repeats)=|^--no-(build|memory|build-cost)$/;
const browserOptions = parseBrowserOptions(argv.filter((a) => !own.test(a)));
const memoryOptions = parseMemoryOptions(argv);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

mkdirSync(resultsDir, { recursive: true });

if (!argv.includes('--no-build')) {
  console.log('bench: npm run build');
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error(`npm run build failed (exit ${built.status})`);
  console.log(`bench: built (${elapsed()})`);
}

console.log('bench: node');
const nodeOut = join(resultsDir, 'node.tmp');
const child = spawnSync(
  process.execPath,
  ['--expose-gc', '--import', 'tsx', join('bench', 'node.ts'), `--out=${nodeOut}`, ...(nodeRuns ? [`--runs=${nodeRuns}`] : [])],
  { cwd: root, stdio: 'inherit' },
);
if (child.status !== 0) throw new Error(`bench/node.ts failed (exit ${child.status})`);
const node = JSON.parse(readFileSync(nodeOut, 'utf8')) as NodeResult & { machine: unknown };
rmSync(nodeOut);
console.log(`bench: node done (${elapsed()})`);

// Each part is also written to .cache/bench/parts/ as soon as it is done: if a
// later part fails, bench/assemble.ts can put together what was measured.
const partsDir = join(cacheDir, 'parts');
mkdirSync(partsDir, { recursive: true });
writeFileSync(join(partsDir, 'node.json'), JSON.stringify(node));

console.log(`bench: browsers (${browserOptions.engines.join(', ')})`);
const engines = [];
for (const engine of browserOptions.engines) {
  const one = await runBrowserBenchmarks({ ...browserOptions, engines: [engine] }, (line) => console.log(line));
  engines.push(...one);
  writeFileSync(join(partsDir, `browser-${engine}.json`), JSON.stringify({ options: browserOptions, engines: one }));
}
console.log(`bench: browsers done (${elapsed()})`);

let memory;
if (!argv.includes('--no-memory')) {
  console.log('bench: memory (Chromium, CDP)');
  try {
    memory = await runMemoryBenchmarks(memoryOptions, (line) => console.log(line));
    writeFileSync(join(partsDir, 'memory.json'), JSON.stringify(memory));
  } catch (error) {
    console.log(`bench: memory failed, left out: ${String(error).split('\n')[0]}`);
  }
  console.log(`bench: memory done (${elapsed()})`);
}

if (!argv.includes('--no-build-cost')) {
  // The bundler plugins' build-time cost (bench/build-cost.ts writes bench/results/build-cost.json).
  console.log('bench: build cost per bundler');
  const cost = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'build-cost.ts')], { cwd: root, stdio: 'inherit' });
  console.log(cost.status === 0 ? `bench: build cost done (${elapsed()})` : `bench: build cost failed (exit ${cost.status}), left out`);
}

const size = await measureSize();

const results: Results = {
  generatedAt: new Date().toISOString(),
  durationSeconds: 0,
  machine: machineInfo(),
  browsers: engines.map((e) => ({ engine: e.engine, version: e.version, userAgent: e.userAgent })),
  settings: {
    node: node.settings,
    browser: browserOptions,
    playwright: (JSON.parse(readFileSync(join(root, 'node_modules', 'playwright-core', 'package.json'), 'utf8')) as { version: string }).version,
  },
  node: { ...node, machine: undefined } as NodeResult,
  engines,
  memory,
  size,
  targets: evaluateTargets(node, engines),
  zoneComparison: compareWithZone(engines),
};
results.settings.built = !argv.includes('--no-build');
results.durationSeconds = (Date.now() - started) / 1000;
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(resultsDir, 'latest.md'), markdown(results));

console.log('');
for (const t of results.targets) console.log(`${t.met ? 'met   ' : 'MISSED'} ${t.target}: ${t.measured?.toFixed(2) ?? '–'}× (${t.detail})`);
for (const s of memory?.soak ?? []) console.log(`memory: soak ${s.impl} ${s.operations}: ${(s.change * 100).toFixed(1)}% ${s.withinFivePercent ? 'within 5%' : 'NOT within 5%'}`);
for (const [kind, byImpl] of Object.entries(memory?.perItem ?? {})) {
  console.log(`memory: bytes per ${kind}: ${Object.entries(byImpl).map(([impl, b]) => `${impl} ${b.toFixed(0)}`).join(', ')}`);
}
for (const z of results.zoneComparison) {
  console.log(`${z.engine}: faster than zone.js on ${z.rows - z.slowerRows.length}/${z.rows} rows${z.slowerRows.length ? `; not on ${z.slowerRows.map((s) => s.benchmark).join(', ')}` : ''}`);
}
for (const b of size.bundles) console.log(`size: ${b.file} ${b.gzip} B gzip -9, budget ${b.budget} B`);
console.log(`bench: wrote bench/results/latest.json and latest.md (${elapsed()} in all)`);
