// Measures dist/ against an earlier build of taskcontext, paired: in the same
// rounds of the same processes and pages, case by case. A change to src/ is
// judged by it ("every benchmark row within 3% of the earlier build, or faster").
//
//   npm run build
//   npx tsx bench/compare.ts [--ref=<git ref>] [--limit=1.03] [--no-node] [--engines=chromium,firefox,webkit]
//                            [--pages=N] [--rounds=N] [--only=…] [--node-runs=N]
//
// The earlier build is made from --ref (default: the previous commit) in a git
// worktree under .cache/bench/, with this checkout's node_modules. Writes
// bench/results/compare.md and .json, prints one line per row, and exits 1
// when a row of dist/ is slower than the earlier build by more than --limit.
// In the browsers the earlier build also runs a second time, as a page of its
// own (`control`): its ratio to itself is what the harness reads for two equal
// builds, the row's noise, printed beside each ratio (a ratio inside it cannot
// be told from the control's).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBrowserOptions, runBrowserBenchmarks } from './browser.js';
import { cacheDir, resultsDir, root, summarize, type Row } from './lib.js';
import type { NodeResult } from './node.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ref = option('ref') ?? 'HEAD~1';
const limit = Number(option('limit') ?? 1.03);
const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

/** The earlier build's dist/, made once per commit. */
function buildBaseline(): { sha: string; dist: string } {
  const sha = git('rev-parse', '--short', ref);
  const tree = join(cacheDir, `baseline-${sha}`);
  if (!existsSync(tree)) git('worktree', 'add', '--detach', tree, sha);
  if (!existsSync(join(tree, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), 'dir');
  const dist = join(tree, 'dist');
  if (!existsSync(join(dist, 'taskcontext.umd.min.js'))) {
    console.log(`compare: building ${sha} in ${tree}`);
    const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: tree, stdio: ['ignore', 'ignore', 'inherit'] });
    if (built.status !== 0) throw new Error(`npm run build of ${sha} failed (exit ${built.status})`);
  }
  return { sha, dist };
}

/** dist/'s time over the earlier build's, the median of the per-round ratios (the samples were taken in the same rounds). */
function pairedRatio(row: Row, ours: string, theirs: string): number | undefined {
  const a = row.results[ours];
  const b = row.results[theirs];
  if (!a || !b || a.skipped || b.skipped || a.samples.length !== b.samples.length || a.samples.length === 0) return undefined;
  return summarize(a.samples.map((time, i) => time / b.samples[i]!)).median;
}

interface Line {
  where: string;
  row: string;
  ratio: number | undefined;
  /** The earlier build against itself in the same rounds (browsers only). */
  control?: number | undefined;
}

const { sha, dist } = buildBaseline();
if (!existsSync(join(root, 'dist', 'taskcontext.umd.min.js'))) throw new Error('dist/ is missing: npm run build first');
mkdirSync(cacheDir, { recursive: true });
copyFileSync(join(dist, 'taskcontext.umd.min.js'), join(cacheDir, 'baseline.umd.js'));
// The control: the same earlier build, loaded as an implementation of its own (bench/pages/taskcontext.html?build=control).
copyFileSync(join(dist, 'taskcontext.umd.min.js'), join(cacheDir, 'control.umd.js'));
const lines: Line[] = [];

if (!argv.includes('--no-node')) {
  console.log(`compare: node, dist/ and ${sha} in one process`);
  const out = join(cacheDir, 'compare-node.json');
  const runs = option('node-runs');
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join('bench', 'node.ts'), `--out=${out}`, `--baseline=${dist}`, ...(runs ? [`--runs=${runs}`] : [])],
    { cwd: root, stdio: 'inherit' },
  );
  if (child.status !== 0) throw new Error(`bench/node.ts failed (exit ${child.status})`);
  const node = JSON.parse(readFileSync(out, 'utf8')) as NodeResult;
  for (const row of node.rows) {
    for (const impl of ['ALS (ours)', 'Variable', 'Context']) {
      const theirs = impl === 'ALS (ours)' ? 'ALS (baseline)' : `${impl} (baseline)`;
      lines.push({ where: 'node', row: `${row.benchmark}: ${impl}`, ratio: pairedRatio(row, impl, theirs) });
    }
  }
}

const own = /^--(ref|limit|node-runs)=|^--no-node$/;
const browserOptions = parseBrowserOptions(argv.filter((a) => !own.test(a)));
for (const engine of browserOptions.engines) {
  console.log(`compare: ${engine}, dist/ and ${sha} in the same rounds`);
  const [result] = await runBrowserBenchmarks({ ...browserOptions, engines: [engine], impls: ['taskcontext', 'baseline', 'control'] }, (line) =>
    console.log(line),
  );
  for (const row of result?.rows ?? []) {
    lines.push({ where: engine, row: row.benchmark, ratio: pairedRatio(row, 'taskcontext', 'baseline'), control: pairedRatio(row, 'control', 'baseline') });
  }
}

const verdict = (ratio: number | undefined): string => (ratio === undefined ? 'no figure' : ratio <= limit ? 'ok' : 'SLOWER');
const times = (ratio: number | undefined): string => (ratio === undefined ? '–' : `${ratio.toFixed(3)}×`);
const table = [
  `dist/ (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src').length > 0 ? ' + changes' : ''}) against ${sha}: time ratio, median of paired rounds; limit ${limit}×.`,
  `Control: ${sha} against itself in the same rounds (a page of its own), the harness's noise for the row.`,
  '',
  '| where | row | ratio | control | |',
  '| --- | --- | ---: | ---: | --- |',
  ...lines.map(({ where, row, ratio, control }) => `| ${where} | ${row} | ${times(ratio)} | ${times(control)} | ${verdict(ratio)} |`),
].join('\n');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'compare.md'), `${table}\n`);
writeFileSync(join(resultsDir, 'compare.json'), `${JSON.stringify({ ref: sha, limit, lines }, null, 2)}\n`);
console.log(table);
const slower = lines.filter((line) => line.ratio !== undefined && line.ratio > limit);
console.log(slower.length === 0 ? `compare: every row within ${limit}×` : `compare: ${slower.length} row(s) slower than ${limit}×`);
process.exitCode = slower.length === 0 ? 0 : 1;
