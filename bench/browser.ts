// Browser benchmarks: the cases of bench/pages/cases.js in Chromium and
// Firefox (Playwright, Debian's builds) and WebKit (WebKitGTK through
// WebDriver, bench/engines.ts), each implementation in a page of its own:
// native (nothing installed), taskcontext (UMD, install(), work inside a
// Variable.run), zone.js, and on request @webfill/async-context. Every
// (case, implementation) runs in a fresh page, in interleaved rounds, the
// implementations in a rotating order; figures are medians.
//
//   npx tsx bench/browser.ts [--engines=chromium,firefox,webkit] [--pages=N] [--rounds=N] [--warmup=N] [--scale=X]
//                            [--only=queueMicrotask,Variable.get] [--impls=taskcontext,zone,webfill]
//
// Needs `npm run build` (dist/) and the browsers (scripts/ensure-browsers.sh).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { rollup, type Plugin } from 'rollup';
import taskcontext from 'taskcontext/rollup';
import { startServer } from '../e2e/server.js';
import { ENGINES, openEngine, type Engine, type EngineSession } from './engines.js';
import { addRatios, cacheDir, ms, ratio, root, rotate, summarize, type Row, type Table } from './lib.js';

export { ENGINES, type Engine } from './engines.js';
const IMPLS = ['native', 'taskcontext', 'zone', 'webfill', 'variant', 'variant2', 'baseline', 'control'] as const;
type Impl = (typeof IMPLS)[number];
/**
 * @webfill/async-context (zone.js 0.13 underneath) only on request (--impls=taskcontext,zone,webfill);
 * likewise `variant` and `variant2`, builds of the working tree (bench/variant.ts), and `baseline`, an earlier build, and
 * `control`, the same earlier build in a page of its own (bench/compare.ts).
 */
const DEFAULT_IMPLS: readonly Impl[] = ['native', 'taskcontext', 'zone'];

export interface BrowserOptions {
  engines: readonly Engine[];
  /** Interleaved rounds: fresh pages per (case, implementation) and engine. */
  pages: number;
  /** Measured runs of the case in each page, after `warmup` runs. */
  rounds: number;
  warmup: number;
  /** Multiplies every case's iteration count. */
  scale: number;
  /** Only these cases (ids or names as in bench/pages/cases.js); all when absent. */
  only?: readonly string[];
  /** Only these implementations (native is always kept: it is the baseline); default native, taskcontext, zone. */
  impls?: readonly Impl[];
  /** Leaves out native pages too (bench/compare.ts, which pairs two builds and needs no native figure). */
  withoutNative?: boolean;
}

export const defaultBrowserOptions: BrowserOptions = { engines: ENGINES, pages: 3, rounds: 2, warmup: 2, scale: 1 };

export interface EngineResult extends Table {
  engine: Engine;
  version: string;
  userAgent: string;
  /** Implementations that could not run at all here, with the reason. */
  skips: Record<string, string>;
  seconds: number;
}

interface PageResult {
  userAgent: string;
  /** In the order of bench/pages/cases.js (an array: WebDriver does not keep an object's key order). */
  results: Array<{ name: string; iterations: number; repeat: number; times: number[]; seen: string[]; error?: string }>;
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function implementationLabels(): Record<Impl, string> {
  const webfill = join(root, 'node_modules', '@webfill', 'async-context');
  const webfillZone = existsSync(join(webfill, 'node_modules', 'zone.js'))
    ? packageVersion(join(webfill, 'node_modules', 'zone.js'))
    : packageVersion(join(root, 'node_modules', 'zone.js'));
  return {
    native: 'native',
    taskcontext: `taskcontext ${packageVersion(root)}`,
    zone: `zone.js ${packageVersion(join(root, 'node_modules', 'zone.js'))}`,
    webfill: `@webfill/async-context ${packageVersion(webfill)} (zone.js ${webfillZone})`,
    variant: 'taskcontext, working tree (bench/variant.ts)',
    variant2: 'taskcontext, second working-tree build (bench/variant.ts --name=variant2)',
    baseline: 'taskcontext, an earlier build (bench/compare.ts)',
    control: 'taskcontext, the earlier build again, in a page of its own (bench/compare.ts)',
  };
}

// ------------------------------------------------------------------ page scripts

/** Resolves `taskcontext` to the built package, as an app's bundler would (as e2e/await/build.ts). */
const packageEntry: Plugin = {
  name: 'taskcontext-entry',
  resolveId: (id) => (id === 'taskcontext' ? join(root, 'dist', 'taskcontext.mjs') : null),
};

/** Another bench run may be loading these scripts into its pages: a file is rewritten only when its content changes. */
function writeIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return;
  writeFileSync(file, content);
}

/**
 * The await loop three ways: as written (native async/await); built with
 * taskcontext/rollup (awaits stay native and report to the patch layer); and
 * lowered to generators by esbuild, the build zone.js needs to see an await at
 * all (Angular's downlevelling). Plus @webfill/async-context's browser build.
 */
export async function buildPageScripts(): Promise<void> {
  for (const bundle of ['taskcontext.umd.min.js', 'taskcontext.umd.js', 'rollup.mjs']) {
    if (!existsSync(join(root, 'dist', bundle))) throw new Error(`dist/${bundle} is missing: run npm run build first`);
  }
  mkdirSync(cacheDir, { recursive: true });
  const lowerToGenerators: Plugin = {
    name: 'lower-to-generators',
    transform: async (code, id) => (await transform(code, { sourcefile: id, target: 'es2016', format: 'esm' })).code,
  };
  const builds: Array<[file: string, global: string, plugins: Plugin[]]> = [
    ['await-native.js', 'benchAwaitNative', [packageEntry]],
    ['await-plugin.js', 'benchAwaitKept', [packageEntry, taskcontext() as unknown as Plugin]],
    ['await-generators.js', 'benchAwaitKept', [packageEntry, lowerToGenerators]],
  ];
  for (const [file, name, plugins] of builds) {
    const bundle = await rollup({ input: join(root, 'bench', 'pages', 'await-loop.js'), plugins });
    const { output } = await bundle.generate({ format: 'iife', name });
    await bundle.close();
    writeIfChanged(join(cacheDir, file), output[0].code);
  }
  const webfill = await build({
    write: false,
    stdin: {
      contents: `import AsyncContext from '@webfill/async-context'; export const { Variable, Snapshot } = AsyncContext;`,
      resolveDir: root,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    globalName: 'WebfillAsyncContext',
    platform: 'browser',
    outfile: join(cacheDir, 'webfill.js'),
    logLevel: 'warning',
  });
  writeIfChanged(join(cacheDir, 'webfill.js'), webfill.outputFiles[0]!.text);
  const plugin = readFileSync(join(cacheDir, 'await-plugin.js'), 'utf8');
  if (!/\.r\(await \w+\.s\(/.test(plugin)) throw new Error('the await loop built with taskcontext/rollup does not report its await');
  const generators = readFileSync(join(cacheDir, 'await-generators.js'), 'utf8');
  if (/\bawait\b/.test(generators.replace(/\/\/.*$/gm, ''))) throw new Error('the await loop lowered to generators still contains `await`');
}

// ------------------------------------------------------------------ engines

const LOADED = `typeof window.runBenchmarks === 'function' && typeof window.benchAdapter === 'object' && typeof window.benchAwaitKept === 'function'`;

/** The page of `impl`: the other builds of taskcontext load through taskcontext.html (`?build=`, a script in .cache/bench/). */
export function pageOf(impl: string): string {
  return impl === 'variant' || impl === 'variant2' || impl === 'baseline' || impl === 'control' ? `taskcontext.html?build=${impl}` : `${impl}.html`;
}

/** A case as bench/pages/cases.js lists it (window.benchCases). */
export interface CaseInfo {
  id: string;
  name: string;
  shape?: string;
  unit: string;
  iterations: number;
}

/** Opens `url` in a fresh page of `session` and evaluates `expression` there once it has loaded. */
async function inFreshPage<T>(session: EngineSession, url: string, expression: string): Promise<T> {
  return session.withPage(async (page) => {
    await page.goto(url);
    if (!(await page.evaluate<boolean>(LOADED))) {
      const errors = [...page.errors, ...(await page.evaluate<string[]>('window.benchErrors || []'))];
      throw new Error(`the page did not load${errors.length ? `: ${errors.join('; ')}` : ''}`);
    }
    return page.evaluate<T>(expression);
  });
}

/**
 * A page's figure: the median of its measured runs (after the warm-up runs).
 * Most of the noise is from run to run within a page (a collection, the
 * machine's other work: 0.12-0.13 in log time, measured in Chromium and
 * WebKit), more than from page to page, so every measured run counts: the
 * median of all of them, against the later half alone, narrowed the paired
 * spread of two builds from 0.11-0.12 to 0.06-0.08 (20-30 runs a page).
 * Pages stay the samples two builds are compared by: the runs of one page are
 * not independent of each other.
 */
function pageFigure(times: number[]): number {
  return summarize(times).median;
}

type Entry = { iterations: number; times: number[]; pages: number[]; repeat: number[]; seen: Set<string>; error?: string };

async function runEngine(engine: Engine, base: string, options: BrowserOptions, log: (line: string) => void): Promise<EngineResult> {
  const started = Date.now();
  let session = await openEngine(engine);
  let restarts = 0;
  try {
    const samples = new Map<Impl, Map<string, Entry>>();
    const skips: Record<string, string> = {};
    let userAgent = '';
    // A throwaway page first: a browser just started is still busy with its own
    // start-up work, which would weigh on whichever configuration came first.
    // It also lists the cases.
    const allCases = await inFreshPage<CaseInfo[]>(
      session,
      `${base}/bench/pages/native.html`,
      `window.runBenchmarks({ rounds: 0, warmup: 1, scale: 0.25 }).then(() => window.benchCases)`,
    );
    const cases = allCases.filter((c) => !options.only || options.only.includes(c.id) || options.only.includes(c.name));
    const impls = IMPLS.filter((impl) => (impl === 'native' && !options.withoutNative) || (options.impls ?? DEFAULT_IMPLS).includes(impl));
    // Every (case, implementation) in a fresh page; the rounds (`pages`)
    // interleaved, the implementations in an order that rotates per case and round.
    for (let round = 0; round < options.pages; round++) {
      const t0 = Date.now();
      for (const [index, c] of cases.entries()) {
        for (const impl of rotate(impls, round + index)) {
          if (skips[impl]) continue;
          let result: PageResult;
          const expression = `window.runBenchmarks(${JSON.stringify({ rounds: options.rounds, warmup: options.warmup, scale: options.scale, only: [c.id] })})`;
          try {
            result = await inFreshPage<PageResult>(session, `${base}/bench/pages/${pageOf(impl)}`, expression);
          } catch (error) {
            const why = String(error instanceof Error ? error.message : error).split('\n')[0]!.slice(0, 300);
            // The browser itself went away (a crash, the machine out of memory): start it again,
            // up to twice, keeping every sample taken so far.
            if (/closed|disconnected|crash/i.test(why) && restarts < 2) {
              restarts++;
              log(`  ${engine}: the browser went away (${why}); starting it again`);
              await session.close().catch(() => undefined);
              session = await openEngine(engine);
              continue;
            }
            // The implementation cannot run here (it threw while loading): no point in more pages of it.
            if (!samples.get(impl)?.size) skips[impl] = why;
            log(`  ${engine} ${impl}, ${c.id}: ${why}`);
            continue;
          }
          userAgent = result.userAgent;
          let byCase = samples.get(impl);
          if (!byCase) samples.set(impl, (byCase = new Map()));
          for (const r of result.results) {
            let entry = byCase.get(r.name);
            if (!entry) byCase.set(r.name, (entry = { iterations: r.iterations, times: [], pages: [], repeat: [], seen: new Set() }));
            entry.times.push(...r.times);
            if (r.times.length > 0) entry.pages.push(pageFigure(r.times));
            entry.repeat.push(r.repeat);
            for (const s of r.seen) entry.seen.add(s);
            if (r.error) entry.error ??= r.error;
          }
        }
      }
      log(`  ${engine} round ${round + 1}/${options.pages}: ${cases.length} cases × ${impls.length} implementations, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    const labels = implementationLabels();
    const rows: Row[] = cases.map((c) => {
      const results: Row['results'] = {};
      for (const impl of impls) {
        const entry = samples.get(impl)?.get(c.id);
        if (skips[impl] || !entry) {
          results[impl] = { median: NaN, min: NaN, max: NaN, runs: 0, samples: [], skipped: skips[impl] ?? 'not run' };
          continue;
        }
        const seen = [...entry.seen].join(' | ');
        results[impl] =
          entry.times.length === 0
            ? { median: NaN, min: NaN, max: NaN, runs: 0, samples: [], skipped: entry.error ?? 'no sample' }
            : { ...summarize(entry.times), pages: entry.pages, seen, repeat: entry.repeat, ...(entry.error ? { skipped: entry.error } : {}) };
      }
      return { benchmark: c.id, name: c.name, shape: c.shape, unit: c.unit, iterations: Math.max(1, Math.round(c.iterations * options.scale)), results };
    });
    const table: EngineResult = {
      engine,
      version: session.version,
      userAgent,
      baseline: 'native',
      implementations: Object.fromEntries(impls.map((impl) => [impl, labels[impl]])),
      rows,
      skips,
      seconds: (Date.now() - started) / 1000,
    };
    addRatios(table);
    return table;
  } finally {
    await session.close().catch(() => undefined);
  }
}

export async function runBrowserBenchmarks(options: BrowserOptions, log: (line: string) => void = console.log): Promise<EngineResult[]> {
  await buildPageScripts();
  const server = await startServer();
  const results: EngineResult[] = [];
  try {
    for (const engine of options.engines) {
      try {
        results.push(await runEngine(engine, server.url, options, log));
      } catch (error) {
        log(`  ${engine}: could not be driven: ${String(error)}`);
        results.push({
          engine,
          version: 'unavailable',
          userAgent: '',
          baseline: 'native',
          implementations: implementationLabels(),
          rows: [],
          skips: Object.fromEntries(IMPLS.map((impl) => [impl, `the browser could not be driven: ${String(error).split('\n')[0]}`])),
          seconds: 0,
        });
      }
    }
  } finally {
    await server.close();
  }
  return results;
}

export function parseBrowserOptions(argv: readonly string[]): BrowserOptions {
  const args = new Map(argv.map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]));
  const engines = (args.get('engines')?.split(',') ?? defaultBrowserOptions.engines) as Engine[];
  for (const engine of engines) if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine} (known: ${ENGINES.join(', ')})`);
  const number = (key: keyof BrowserOptions) => (args.has(key) ? Number(args.get(key)) : (defaultBrowserOptions[key] as number));
  const only = args.get('only')?.split(',');
  const impls = args.get('impls')?.split(',') as Impl[] | undefined;
  for (const impl of impls ?? []) if (!IMPLS.includes(impl)) throw new Error(`unknown implementation ${impl} (known: ${IMPLS.join(', ')})`);
  return { engines, pages: number('pages'), rounds: number('rounds'), warmup: number('warmup'), scale: number('scale'), only, impls };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  // --out=FILE: the engines' results as JSON, for bench/rerun-engine.ts to put into bench/results/latest.json.
  const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  const results = await runBrowserBenchmarks(parseBrowserOptions(process.argv.slice(2).filter((a) => !a.startsWith('--out='))));
  if (out) writeFileSync(out, `${JSON.stringify({ options: parseBrowserOptions(process.argv.slice(2).filter((a) => !a.startsWith('--out='))), engines: results }, null, 2)}\n`);
  for (const engine of results) {
    console.log(`\n${engine.version} (${engine.seconds.toFixed(0)} s): median ms (ratio to native)`);
    for (const row of engine.rows) {
      const cells = Object.entries(row.results).map(([impl, s]) =>
        s.skipped && !s.runs ? `${impl}: skipped` : `${impl}: ${ms(s.median)} (${ratio(s.ratio)})${s.seen === 'ctx-value' ? '' : ` seen ${s.seen}`}`,
      );
      console.log(`${row.benchmark} ×${row.iterations}: ${cells.join(', ')}`);
    }
  }
}
