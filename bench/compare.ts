// Measures dist/ against an earlier build of taskcontext, paired: in the same
// rounds of the same processes and pages, case by case. A change to src/ is
// judged by it ("every benchmark row within 3% of the earlier build, or faster").
//
//   npm run build
//   npx tsx bench/compare.ts [--ref=<git ref>] [--limit=1.03] [--no-node | --no-browsers] [--engines=chromium,firefox,webkit]
//                            [--pages=N] [--rounds=N] [--warmup=N] [--only=…] [--node-runs=N] [--node-processes=N] [--budget=MINUTES]
//                            [--control] [--no-store]
//
// The earlier build is made from --ref (default: the previous commit) in a git
// worktree under .cache/bench/, with this checkout's node_modules. Writes
// bench/results/compare.md and .json and prints one line per row.
//
// Each row gets a verdict (bench/judge.ts): the geometric mean of the paired
// ratios with its 95% confidence interval; `ok` when the interval lies under
// --limit, `SLOWER` when it lies above it, `unresolved` when it straddles it.
// In the browsers a pair is two pages loaded one after the other, each page's
// figure the median of its runs after the warm-up (by default 10 pages of 20
// runs after 4: most of the noise is from run to run, see pageFigure in
// bench/browser.ts). In Node a pair is one process of bench/node.ts (its
// rounds' geometric mean): --node-processes of them (default 2) with each build
// loaded first; a row's figure moves from one process to the next by more than
// its rounds spread within one. With --budget, each engine spends up to that
// many more minutes on pages of its unresolved rows alone. --control also loads
// the earlier build as a page of its own (what two equal builds read).
//
// Pairs are kept in .cache/bench/compare-store.jsonl under the measured code
// (a hash of the UMD bundle for the browsers, of dist/'s modules for Node) and
// the earlier build: a later run of the same two builds adds to them (its
// --budget passes then go to the rows the pooled pairs leave unresolved).
// --no-store neither reads nor writes it. Exits 1 unless every row is `ok`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBrowserOptions, runBrowserBenchmarks } from './browser.js';
import { judgePaired, type Judgement } from './judge.js';
import { cacheDir, resultsDir, root, type Row } from './lib.js';
import type { NodeResult } from './node.js';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ref = option('ref') ?? 'HEAD~1';
const limit = Number(option('limit') ?? 1.03);
const budgetMs = Number(option('budget') ?? 0) * 60_000;
const withControl = argv.includes('--control');
if (argv.includes('--no-node') && argv.includes('--no-browsers')) throw new Error('--no-node and --no-browsers together leave nothing to compare');
const nodeProcesses = Number(option('node-processes') ?? 2);
if (!Number.isInteger(nodeProcesses) || nodeProcesses < 1) throw new Error(`--node-processes: expected a whole number from 1, got '${option('node-processes')}'`);
const useStore = !argv.includes('--no-store');
const own = /^--(ref|limit|node-runs|node-processes|budget)=|^--(no-node|no-browsers|control|no-store)$/;
// Later arguments win: the command line's over these defaults.
const browserOptions = parseBrowserOptions(['--pages=10', '--rounds=20', '--warmup=4', ...argv.filter((a) => !own.test(a))]);
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

interface Line {
  where: string;
  row: string;
  judgement: Judgement | undefined;
  /** The earlier build against itself (browsers, --control). */
  control?: Judgement | undefined;
}

const { sha, dist } = buildBaseline();
if (!existsSync(join(root, 'dist', 'taskcontext.umd.min.js'))) throw new Error('dist/ is missing: npm run build first');
mkdirSync(cacheDir, { recursive: true });
copyFileSync(join(dist, 'taskcontext.umd.min.js'), join(cacheDir, 'baseline.umd.js'));
// The control: the same earlier build, loaded as an implementation of its own (bench/pages/taskcontext.html?build=control).
copyFileSync(join(dist, 'taskcontext.umd.min.js'), join(cacheDir, 'control.umd.js'));
const lines: Line[] = [];

/** Paired figures of one row from one pass (browsers: its pages) or one process (Node), as kept in the store. */
interface Stored {
  /** The measured code (hashOf), the earlier build's commit, and the settings a figure depends on. */
  build: string;
  ref: string;
  how: string;
  where: string;
  row: string;
  ours: number[];
  theirs: number[];
  /** The earlier build against itself (--control), paired with `theirs`. */
  control?: number[];
}
const storePath = join(cacheDir, 'compare-store.jsonl');
/** With --no-store, the store's stand-in: this run's entries alone. */
const kept: Stored[] = [];
/** Names the code in `files` (their bytes, in order). */
function hashOf(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}
/** What the store holds for `build` against the earlier build in `where`, measured `how`. */
function stored(where: string, build: string, how: string): Stored[] {
  const entries = !useStore
    ? kept
    : existsSync(storePath)
      ? readFileSync(storePath, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Stored)
      : [];
  return entries.filter((entry) => entry.build === build && entry.ref === sha && entry.where === where && entry.how === how);
}
function store(entries: readonly Stored[]): void {
  if (!useStore) kept.push(...entries);
  else if (entries.length > 0) appendFileSync(storePath, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
}

const ratio = (j: Judgement | undefined): string => (j === undefined ? '–' : `${j.ratio.toFixed(3)}×`);
const interval = (j: Judgement | undefined): string => (j === undefined ? '–' : `${j.low.toFixed(3)}–${j.high.toFixed(3)}`);
const verdict = (j: Judgement | undefined): string => (j === undefined ? 'no figure' : j.verdict === 'slower' ? 'SLOWER' : j.verdict);

/** Writes bench/results/compare.md and .json with the rows so far (after each engine: a run cut off keeps what it measured); prints the table at the end. */
function report(last: boolean): void {
  const table = [
    `dist/ (${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', 'src').length > 0 ? ' + changes' : ''}) against ${sha}: time ratio, the geometric mean of paired figures (Node: processes, each the geometric mean of its rounds, each build loaded first in half of them; browsers: pages, each the median of its runs after ${browserOptions.warmup} of warm-up) with its 95% confidence interval; limit ${limit}×.${useStore ? ' Pairs of earlier runs of the same two builds included (.cache/bench/compare-store.jsonl).' : ''}`,
    ...(withControl ? [`Control: ${sha} against itself, a page of its own in the same rounds.`] : []),
    '',
    `| where | row | ratio | 95% interval | pairs |${withControl ? ' control |' : ''} verdict |`,
    `| --- | --- | ---: | ---: | ---: |${withControl ? ' ---: |' : ''} --- |`,
    ...lines.map(
      ({ where, row, judgement: j, control }) =>
        `| ${where} | ${row} | ${ratio(j)} | ${interval(j)} | ${j?.pairs ?? 0} |${withControl ? ` ${ratio(control)} |` : ''} ${verdict(j)} |`,
    ),
  ].join('\n');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'compare.md'), `${table}\n`);
  writeFileSync(join(resultsDir, 'compare.json'), `${JSON.stringify({ ref: sha, limit, lines }, null, 2)}\n`);
  if (last) console.log(table);
}

if (!argv.includes('--no-node')) {
  // Processes in pairs, dist/ loaded first in one and the earlier build in the
  // other: in one process the build loaded first reads slower on some rows (a
  // build against a copy of itself, bench/node.ts).
  const runs = option('node-runs');
  const distDir = join(root, 'dist');
  const chunks = join(distDir, 'chunks');
  const build = hashOf([join(distDir, 'taskcontext.mjs'), ...readdirSync(chunks).filter((f) => f.endsWith('.mjs')).sort().map((f) => join(chunks, f))]);
  /** The settings the processes ran with, as they report them. */
  let how = '';
  const rows: string[] = [];
  for (let pair = 1; pair <= nodeProcesses; pair++) {
    for (const first of ['dist/', sha]) {
      console.log(`compare: node, dist/ and ${sha} in one process, ${first} loaded first (pair ${pair} of ${nodeProcesses})`);
      const out = join(cacheDir, `compare-node-${first === sha ? 'baseline' : 'dist'}-first.json`);
      const child = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          '--import',
          'tsx',
          join('bench', 'node.ts'),
          `--out=${out}`,
          `--baseline=${dist}`,
          ...(first === sha ? ['--baseline-first'] : []),
          ...(runs ? [`--runs=${runs}`] : []),
        ],
        { cwd: root, stdio: 'inherit' },
      );
      if (child.status !== 0) throw new Error(`bench/node.ts failed (exit ${child.status})`);
      const result = JSON.parse(readFileSync(out, 'utf8')) as NodeResult;
      how = `runs=${result.settings.runs},warmup=${result.settings.warmup}`;
      const entries: Stored[] = [];
      for (const row of result.rows) {
        for (const impl of ['ALS (ours)', 'Variable', 'Context']) {
          const [ours, theirs] = [row.results[impl], row.results[impl === 'ALS (ours)' ? 'ALS (baseline)' : `${impl} (baseline)`]];
          const name = `${row.benchmark}: ${impl}`;
          if (!rows.includes(name)) rows.push(name);
          // The process's figure: the geometric mean of its rounds' ratios.
          const figure = ours && theirs && !ours.skipped && !theirs.skipped ? judgePaired(ours.samples, theirs.samples, limit) : undefined;
          if (figure) entries.push({ build, ref: sha, how, where: 'node', row: name, ours: [figure.ratio], theirs: [1] });
        }
      }
      store(entries);
    }
  }
  const all = stored('node', build, how);
  for (const row of rows) {
    const entries = all.filter((entry) => entry.row === row);
    const judgement = judgePaired(
      entries.flatMap((entry) => entry.ours),
      entries.flatMap((entry) => entry.theirs),
      limit,
    );
    lines.push({ where: 'node', row, judgement });
  }
  report(false);
}

const impls = withControl ? (['taskcontext', 'baseline', 'control'] as const) : (['taskcontext', 'baseline'] as const);
/** Each page's figure of `impl` in `row` (the median of its runs), in page order. */
const pagesOf = (row: Row, impl: string): number[] => (row.results[impl]?.skipped ? [] : (row.results[impl]?.pages ?? []));

const browserBuild = hashOf([join(root, 'dist', 'taskcontext.umd.min.js')]);
const browserHow = `rounds=${browserOptions.rounds},warmup=${browserOptions.warmup},scale=${browserOptions.scale}`;
for (const engine of argv.includes('--no-browsers') ? [] : browserOptions.engines) {
  /** When the first pass ended: --budget is the time after it. */
  let firstPassEnded = 0;
  /** Each row's pages: ours and theirs paired, and the control paired with its own pages of theirs. */
  const pages = new Map<string, { ours: number[]; theirs: number[]; control: number[]; controlBase: number[] }>();
  const add = (row: string, ours: number[], theirs: number[], control: number[] | undefined): void => {
    const p = pages.get(row) ?? { ours: [], theirs: [], control: [], controlBase: [] };
    // A pass pairs up only when both builds gave a figure in each of its pages.
    if (ours.length === theirs.length) {
      p.ours.push(...ours);
      p.theirs.push(...theirs);
      if (control?.length === theirs.length) {
        p.control.push(...control);
        p.controlBase.push(...theirs);
      }
    }
    pages.set(row, p);
  };
  for (const entry of stored(engine, browserBuild, browserHow)) add(entry.row, entry.ours, entry.theirs, entry.control);
  const judge = (id: string): Judgement | undefined => judgePaired(pages.get(id)!.ours, pages.get(id)!.theirs, limit);
  // Every row is measured again, settled or not: a verdict that stopped its row's
  // measuring could not be overturned by later pages (about one row in 20 has its
  // truth outside its 95% interval).
  let only = browserOptions.only;
  for (let pass = 1; ; pass++) {
    console.log(`compare: ${engine}, dist/ and ${sha}, pass ${pass}${pass > 1 ? `: ${only!.length} unresolved rows` : ''}`);
    const passStarted = Date.now();
    const [result] = await runBrowserBenchmarks(
      { ...browserOptions, engines: [engine], impls, withoutNative: true, ...(only ? { only } : {}) },
      (line) => console.log(line),
    );
    const entries: Stored[] = [];
    for (const row of result?.rows ?? []) {
      const [ours, theirs, control] = [pagesOf(row, 'taskcontext'), pagesOf(row, 'baseline'), pagesOf(row, 'control')];
      add(row.benchmark, ours, theirs, withControl ? control : undefined);
      if (ours.length === theirs.length && ours.length > 0) {
        entries.push({ build: browserBuild, ref: sha, how: browserHow, where: engine, row: row.benchmark, ours, theirs, ...(withControl ? { control } : {}) });
      }
    }
    store(entries);
    if (pass === 1) firstPassEnded = Date.now();
    const open = [...pages.keys()].filter((id) => judge(id)?.verdict === 'unresolved');
    // Another pass only where it should end within the budget: a row costs about what it cost in this pass.
    const perRow = (Date.now() - passStarted) / Math.max(1, result?.rows.length ?? 1);
    if (open.length === 0 || Date.now() - firstPassEnded + perRow * open.length > budgetMs) break;
    only = open;
  }
  for (const [id, p] of pages) lines.push({ where: engine, row: id, judgement: judge(id), ...(withControl ? { control: judgePaired(p.control, p.controlBase, limit) } : {}) });
  report(false);
}

const count = (v: string): number => lines.filter((line) => verdict(line.judgement) === v).length;
report(true);
console.log(`compare: ${count('ok')} ok, ${count('SLOWER')} slower, ${count('unresolved')} unresolved, ${count('no figure')} without a figure (limit ${limit}×)`);
process.exitCode = lines.length > 0 && count('ok') === lines.length ? 0 : 1;
