// Browser benchmarks: the cases of bench/pages/cases.js in Chromium and
// Firefox (Playwright, Debian's builds) and WebKit (WebKitGTK through
// WebDriver, test/engines/webkit.ts), for each implementation in a page of its
// own: native (nothing installed), taskcontext (UMD, install(), work inside a
// Variable.run), zone.js, @webfill/async-context. Every configuration runs in
// a fresh page, several times, in a rotating order; figures are medians.
//
//   npx tsx bench/browser.ts [--engines=chromium,firefox,webkit] [--pages=N] [--rounds=N] [--warmup=N] [--scale=X]
//                            [--only=queueMicrotask,Variable.get] [--impls=taskcontext,zone]
//
// Needs `npm run build` (dist/) and the browsers (scripts/ensure-browsers.sh).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';
import { rollup, type Plugin } from 'rollup';
import taskcontext from 'taskcontext/rollup';
import { startServer } from '../e2e/server.js';
import { launch } from '../test/engines/browsers.js';
import { withWebKitPage } from '../test/engines/webkit.js';
import { addRatios, cacheDir, ms, ratio, root, rotate, summarize, type Row, type Table } from './lib.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];
const IMPLS = ['native', 'taskcontext', 'zone', 'webfill'] as const;
type Impl = (typeof IMPLS)[number];

export interface BrowserOptions {
  engines: readonly Engine[];
  /** Fresh pages per implementation and engine. */
  pages: number;
  /** Measured rounds of every case in each page, after `warmup` rounds. */
  rounds: number;
  warmup: number;
  /** Multiplies every case's iteration count. */
  scale: number;
  /** Only these cases (names as in bench/pages/cases.js); all when absent. */
  only?: readonly string[];
  /** Only these implementations (native is always kept: it is the baseline). */
  impls?: readonly Impl[];
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
  };
}

// ------------------------------------------------------------------ page scripts

/** Resolves `taskcontext` to the built package, as an app's bundler would (as e2e/await/build.ts). */
const packageEntry: Plugin = {
  name: 'taskcontext-entry',
  resolveId: (id) => (id === 'taskcontext' ? join(root, 'dist', 'taskcontext.mjs') : null),
};

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
    await bundle.write({ file: join(cacheDir, file), format: 'iife', name });
    await bundle.close();
  }
  await build({
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
  const plugin = readFileSync(join(cacheDir, 'await-plugin.js'), 'utf8');
  if (!/\.r\(await \w+\.s\(/.test(plugin)) throw new Error('the await loop built with taskcontext/rollup does not report its await');
  const generators = readFileSync(join(cacheDir, 'await-generators.js'), 'utf8');
  if (/\bawait\b/.test(generators.replace(/\/\/.*$/gm, ''))) throw new Error('the await loop lowered to generators still contains `await`');
}

// ------------------------------------------------------------------ engines

/** Opens a fresh page at a URL and runs the benchmarks there. */
type PageRunner = (url: string, options: object) => Promise<PageResult>;

const LOADED = `typeof window.runBenchmarks === 'function' && typeof window.benchAdapter === 'object' && typeof window.benchAwaitKept === 'function'`;

function notLoaded(errors: string[]): Error {
  return new Error(`the page did not load${errors.length ? `: ${errors.join('; ')}` : ''}`);
}

async function withEngine<T>(engine: Engine, fn: (runPage: PageRunner, version: () => Promise<string>) => Promise<T>): Promise<T> {
  if (engine === 'webkit') {
    return withWebKitPage((page) =>
      fn(
        async (url, options) => {
          await page.goto(url); // a new document: a fresh realm, nothing left of the previous configuration
          if (!(await page.evaluate<boolean>(LOADED))) throw notLoaded(await page.evaluate<string[]>('window.benchErrors || []'));
          return page.evaluate<PageResult>(`window.runBenchmarks(${JSON.stringify(options)})`, 300_000);
        },
        async () => {
          try {
            const out = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0'], { encoding: 'utf8' });
            return `WebKitGTK ${out.trim()}`;
          } catch {
            return 'WebKitGTK';
          }
        },
      ),
    );
  }
  const browser = await launch(engine);
  try {
    return await fn(
      async (url, options) => {
        const context = await browser.newContext();
        try {
          const page = await context.newPage();
          const errors: string[] = [];
          page.on('pageerror', (error) => errors.push(String(error)));
          await page.goto(url);
          if (!(await page.evaluate(LOADED))) throw notLoaded([...errors, ...(await page.evaluate<string[]>('window.benchErrors || []'))]);
          return await page.evaluate((o) => (window as unknown as { runBenchmarks(o: object): Promise<PageResult> }).runBenchmarks(o), options);
        } finally {
          await context.close();
        }
      },
      async () => `${engine === 'chromium' ? 'Chromium' : 'Firefox'} ${browser.version()}`,
    );
  } finally {
    await browser.close();
  }
}

async function runEngine(engine: Engine, base: string, options: BrowserOptions, log: (line: string) => void): Promise<EngineResult> {
  const started = Date.now();
  return withEngine(engine, async (runPage, version) => {
    const samples = new Map<Impl, Map<string, { iterations: number; times: number[]; repeat: number[]; seen: Set<string>; error?: string }>>();
    const skips: Record<string, string> = {};
    let userAgent = '';
    const caseNames: string[] = [];
    // A throwaway page first: a browser just started is still busy with its own
    // start-up work, which would weigh on whichever configuration came first.
    await runPage(`${base}/bench/pages/native.html`, { rounds: 0, warmup: 1, scale: 0.25 }).catch(() => undefined);
    for (let page = 0; page < options.pages; page++) {
      for (const impl of rotate(IMPLS, page)) {
        if (skips[impl] || (options.impls && impl !== 'native' && !options.impls.includes(impl))) continue;
        const t0 = Date.now();
        let result: PageResult;
        try {
          result = await runPage(`${base}/bench/pages/${impl}.html`, { rounds: options.rounds, warmup: options.warmup, scale: options.scale, only: options.only });
        } catch (error) {
          skips[impl] = String(error instanceof Error ? error.message : error).split('\n')[0]!.slice(0, 300);
          log(`  ${engine} ${impl}: skipped: ${skips[impl]}`);
          continue;
        }
        userAgent = result.userAgent;
        let byCase = samples.get(impl);
        if (!byCase) samples.set(impl, (byCase = new Map()));
        for (const r of result.results) {
          const name = r.name;
          if (!caseNames.includes(name)) caseNames.push(name);
          let entry = byCase.get(name);
          if (!entry) byCase.set(name, (entry = { iterations: r.iterations, times: [], repeat: [], seen: new Set() }));
          entry.times.push(...r.times);
          entry.repeat.push(r.repeat);
          for (const s of r.seen) entry.seen.add(s);
          if (r.error) entry.error ??= r.error;
        }
        log(`  ${engine} page ${page + 1}/${options.pages} ${impl}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
    const labels = implementationLabels();
    const rows: Row[] = caseNames.map((name) => {
      let iterations = 0;
      const results: Row['results'] = {};
      for (const impl of IMPLS) {
        const entry = samples.get(impl)?.get(name);
        if (skips[impl] || !entry) {
          results[impl] = { median: NaN, min: NaN, max: NaN, runs: 0, samples: [], skipped: skips[impl] ?? 'not run' };
          continue;
        }
        iterations = entry.iterations;
        const seen = [...entry.seen].join(' | ');
        results[impl] =
          entry.times.length === 0
            ? { median: NaN, min: NaN, max: NaN, runs: 0, samples: [], skipped: entry.error ?? 'no sample' }
            : { ...summarize(entry.times), seen, repeat: entry.repeat, ...(entry.error ? { skipped: entry.error } : {}) };
      }
      return { benchmark: name, iterations, results };
    });
    const table: EngineResult = {
      engine,
      version: await version(),
      userAgent,
      baseline: 'native',
      implementations: labels,
      rows,
      skips,
      seconds: (Date.now() - started) / 1000,
    };
    addRatios(table);
    return table;
  });
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
  const results = await runBrowserBenchmarks(parseBrowserOptions(process.argv.slice(2)));
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
