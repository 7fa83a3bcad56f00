// Node benchmarks: Node's own AsyncLocalStorage (node:async_hooks) against
// taskcontext's AsyncLocalStorage, Variable and Context, side by side in one
// process, each run in turn in every round. taskcontext is loaded from
// dist/taskcontext.mjs: the measured code is the shipped one (npm run build).
//
//   npx tsx bench/node.ts [--runs=N] [--warmup=N] [--out=FILE] [--baseline=DIR [--baseline-first]] [--only=NAME,NAME]
//
// --only keeps the cases named (as in the table, comma-separated): short
// processes for a row whose figure moves from one process to the next.
//
// --baseline=DIR also loads DIR/taskcontext.mjs (the dist/ of another build,
// bench/compare.ts makes one from a git ref) and measures its AsyncLocalStorage,
// Variable and Context in the same rounds: "… (baseline)" beside each, paired.
// dist/ is loaded first unless --baseline-first. Which build is loaded first
// is not neutral: against a copy of itself, the build loaded first read
// 1.04-1.07x on some rows (snapshot capture + run, .then chain; 41 rounds).
// bench/compare.ts runs processes in pairs, one of each order, and takes each
// process as one figure per row.
//
// npm run bench runs it under --expose-gc (a collection before each sample).
//
// Two no-context baselines. Once any AsyncLocalStorage has been used, Node 20
// keeps its async hooks on for the whole process, and every promise pays for
// them: so "plain" is measured first, before any storage exists (taskcontext
// itself probes one when it loads), and "plain, hooks on" again afterwards.
import { AsyncLocalStorage as NodeAsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { addRatios, machineInfo, ms, ratio, root, rotate, summarize, type Row, type Table } from './lib.js';

const VALUE = 'ctx-value';

/** What each case needs from an implementation. */
interface Impl {
  /** Calls `fn` with the context holding VALUE. */
  run<R>(fn: () => R): R;
  /** The context's value here. */
  get(): unknown;
  /** Captures the current context; the result calls a function in it. */
  snapshot(): (fn: () => unknown) => unknown;
}

type CaseFn = (impl: Impl, n: number, value: string) => unknown;

interface Case {
  name: string;
  iterations: number;
  fn: CaseFn;
}

// Each case reads the context at the end (in the last callback) and returns
// what it saw, so a benchmark that lost its context shows in the results.
// The cases use nothing but their parameters: they are compiled afresh for
// each implementation (see `fresh`).
const allCases: Case[] = [
  {
    name: 'run + get',
    iterations: 100_000,
    fn: (impl, n, value) => {
      let seen = 0;
      const read = () => impl.get();
      for (let i = 0; i < n; i++) if (impl.run(read) === value) seen++;
      return seen === n ? value : `${seen}/${n}`;
    },
  },
  {
    name: 'get (inside one run)',
    iterations: 1_000_000,
    fn: (impl, n, value) =>
      impl.run(() => {
        let seen = 0;
        for (let i = 0; i < n; i++) if (impl.get() === value) seen++;
        return seen === n ? value : `${seen}/${n}`;
      }),
  },
  {
    name: 'await loop',
    iterations: 100_000,
    fn: (impl, n) =>
      impl.run(async () => {
        for (let i = 0; i < n; i++) await Promise.resolve(i);
        return impl.get();
      }),
  },
  {
    name: '.then chain',
    iterations: 100_000,
    fn: (impl, n) =>
      impl.run(() => {
        let p: Promise<number> = Promise.resolve(0);
        const next = (x: number) => x + 1;
        for (let i = 0; i < n; i++) p = p.then(next);
        return p.then((count) => (count === n ? impl.get() : `count ${count}`));
      }),
  },
  {
    // 100k rather than the browsers' 10k: 10k timers take ~2 ms here, too short to rise above the noise.
    name: 'setTimeout(0) fan-out',
    iterations: 100_000,
    fn: (impl, n) =>
      impl.run(
        () =>
          new Promise((resolve) => {
            let left = n;
            const tick = () => {
              if (--left === 0) resolve(impl.get());
            };
            for (let i = 0; i < n; i++) setTimeout(tick, 0);
          }),
      ),
  },
  {
    name: 'snapshot capture + run',
    iterations: 100_000,
    fn: (impl, n, value) =>
      impl.run(() => {
        let seen = 0;
        const read = () => impl.get();
        for (let i = 0; i < n; i++) if (impl.snapshot()(read) === value) seen++;
        return seen === n ? value : `${seen}/${n}`;
      }),
  },
];

/**
 * `fn` compiled again from its source, so that each implementation's copy of
 * a case has its own type feedback in V8 (one shared copy would turn every
 * call site polymorphic and blur the comparison). tsx may insert `__name`
 * calls (esbuild's keepNames): the shim below is the identity.
 */
function fresh(fn: CaseFn): CaseFn {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('__name', `return (${fn.toString()});`)((f: unknown) => f) as CaseFn;
}

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key!, value ?? 'true'] as const;
  }),
);
const runs = Number(args.get('runs') ?? 11);
if (args.has('baseline-first') && !args.has('baseline')) throw new Error('--baseline-first needs --baseline=DIR');
const warmup = Number(args.get('warmup') ?? 2);
const only = args.get('only')?.split(',');
const unknownCase = only?.find((name) => !allCases.some((c) => c.name === name));
if (unknownCase !== undefined) throw new Error(`--only: no case named '${unknownCase}' (cases: ${allCases.map((c) => c.name).join(', ')})`);
const cases = only ? allCases.filter((c) => only.includes(c.name)) : allCases;
const gc = (globalThis as { gc?: () => void }).gc;

const plain: Impl = {
  run: (fn) => fn(),
  get: () => VALUE,
  snapshot: () => (fn) => fn(),
};

type Samples = Map<string, Map<string, { times: number[]; seen: Set<string> }>>;

function record(samples: Samples, impl: string, c: string, time: number, seen: unknown): void {
  let byCase = samples.get(impl);
  if (!byCase) samples.set(impl, (byCase = new Map()));
  let entry = byCase.get(c);
  if (!entry) byCase.set(c, (entry = { times: [], seen: new Set() }));
  entry.times.push(time);
  entry.seen.add(String(seen));
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Rounds of every case for every implementation, the implementations in a rotating order. */
/**
 * Rounds of every case; in each round, each case runs for every implementation
 * back to back, in an order that rotates from round to round. Samples of one
 * round are taken close together, so their ratios are paired (see addRatios).
 */
async function measure(impls: Record<string, Impl>, samples: Samples): Promise<void> {
  const compiled = new Map(Object.keys(impls).map((name) => [name, cases.map((c) => fresh(c.fn))]));
  const names = Object.keys(impls);
  for (let round = 0; round < warmup + runs; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      for (const name of rotate(names, round + i)) {
        gc?.();
        await settle();
        const t0 = performance.now();
        const seen = await compiled.get(name)![i]!(impls[name]!, c.iterations, VALUE);
        const time = performance.now() - t0;
        if (round >= warmup) record(samples, name, c.name, time, seen);
      }
    }
  }
}

/** The baseline build's AsyncLocalStorage, Variable and Context (--baseline=DIR), as "… (baseline)" implementations. */
async function loadBaseline(baselineDir: string): Promise<Record<string, Impl>> {
  const base = (await import(pathToFileURL(join(baselineDir, 'taskcontext.mjs')).href)) as typeof import('../src/index.js');
  const storage = new base.AsyncLocalStorage<string>();
  const baseVariable = new base.Variable<string>({ name: 'bench' });
  const baseContext = new base.Context<{ value: string }>({ name: 'bench' });
  const snapshotOf = () => {
    const snapshot = new base.Snapshot();
    return (fn: () => unknown) => snapshot.run(fn);
  };
  return {
    'ALS (baseline)': { run: (fn) => storage.run(VALUE, fn), get: () => storage.getStore(), snapshot: () => base.AsyncLocalStorage.snapshot() },
    'Variable (baseline)': { run: (fn) => baseVariable.run(VALUE, fn), get: () => baseVariable.get(), snapshot: snapshotOf },
    'Context (baseline)': { run: (fn) => baseContext.run({ value: VALUE }, fn), get: () => baseContext.get('value'), snapshot: snapshotOf },
  } satisfies Record<string, Impl>;
}

export interface NodeResult extends Table {
  settings: { runs: number; warmup: number; gcBeforeEachSample: boolean };
  notes: string[];
}

export async function runNodeBenchmarks(): Promise<NodeResult> {
  const samples: Samples = new Map();
  const started = performance.now();

  // 1. Before any AsyncLocalStorage exists in this process.
  await measure({ plain }, samples);

  // 2. The shipped library; loading it turns Node's async hooks on for good.
  // With --baseline-first the baseline's module and storages are made first
  // (see the header: which build is loaded first is not neutral).
  const baselineDir = args.get('baseline');
  const baseline = baselineDir && args.has('baseline-first') ? await loadBaseline(baselineDir) : undefined;
  const tc = (await import(pathToFileURL(join(root, 'dist', 'taskcontext.mjs')).href)) as typeof import('../src/index.js');
  if (tc.backend() !== 'als') throw new Error(`expected the 'als' backend on Node, got '${tc.backend()}'`);

  const raw = new NodeAsyncLocalStorage<string>();
  const ours = new tc.AsyncLocalStorage<string>();
  const variable = new tc.Variable<string>({ name: 'bench' });
  const context = new tc.Context<{ value: string }>({ name: 'bench' });
  const impls: Record<string, Impl> = {
    'plain, hooks on': plain,
    'raw ALS': {
      run: (fn) => raw.run(VALUE, fn),
      get: () => raw.getStore(),
      snapshot: () => NodeAsyncLocalStorage.snapshot() as (fn: () => unknown) => unknown,
    },
    'ALS (ours)': {
      run: (fn) => ours.run(VALUE, fn),
      get: () => ours.getStore(),
      snapshot: () => tc.AsyncLocalStorage.snapshot(),
    },
    Variable: {
      run: (fn) => variable.run(VALUE, fn),
      get: () => variable.get(),
      snapshot: () => {
        const snapshot = new tc.Snapshot();
        return (fn) => snapshot.run(fn);
      },
    },
    Context: {
      run: (fn) => context.run({ value: VALUE }, fn),
      get: () => context.get('value'),
      snapshot: () => {
        const snapshot = new tc.Snapshot();
        return (fn) => snapshot.run(fn);
      },
    },
  };
  if (baselineDir) Object.assign(impls, baseline ?? (await loadBaseline(baselineDir)));
  await measure(impls, samples);

  const implementations: Record<string, string> = {
    plain: 'no context (before any ALS)',
    'plain, hooks on': 'no context (ALS hooks on)',
    'raw ALS': 'node:async_hooks ALS',
    'ALS (ours)': 'taskcontext ALS',
    Variable: 'taskcontext Variable',
    Context: 'taskcontext Context',
    ...(baselineDir
      ? { 'ALS (baseline)': 'baseline ALS', 'Variable (baseline)': 'baseline Variable', 'Context (baseline)': 'baseline Context' }
      : {}),
  };
  const rows: Row[] = cases.map((c) => ({
    benchmark: c.name,
    iterations: c.iterations,
    results: Object.fromEntries(
      Object.keys(implementations).map((name) => {
        const entry = samples.get(name)!.get(c.name)!;
        return [name, { ...summarize(entry.times), seen: [...entry.seen].join(' | ') }];
      }),
    ),
  }));
  const table: NodeResult = {
    baseline: 'raw ALS',
    implementations,
    rows,
    settings: { runs, warmup, gcBeforeEachSample: Boolean(gc) },
    notes: [
      `${runs} measured rounds after ${warmup} warm-up rounds; in each round every case runs for each implementation back to back, in a rotating order${gc ? ', with a GC before each sample' : ''}.`,
      `Ratios are the median of the per-round ratios to node:async_hooks ALS (paired samples, robust to load that comes and goes); "no context (before any ALS)" ran apart, so its ratio is of medians.`,
      `"no context (before any ALS)" ran first, before taskcontext was loaded: Node 20 keeps its async hooks on once any AsyncLocalStorage is used, which slows every promise of the process.`,
      `Node bench time: ${((performance.now() - started) / 1000).toFixed(1)} s.`,
    ],
  };
  // Everything but "plain" ran in the same rounds as the baseline: paired ratios.
  addRatios(table, (impl) => impl !== 'plain');
  return table;
}

function printTable(table: Table): void {
  const names = Object.keys(table.implementations);
  console.log(`node ${process.version}: median ms (ratio to ${table.baseline})`);
  console.log(['benchmark', ...names].join(' | '));
  for (const row of table.rows) {
    const cells = names.map((name) => {
      const s = row.results[name]!;
      return `${ms(s.median)} (${ratio(s.ratio)})${s.seen === VALUE ? '' : ` seen: ${s.seen}`}`;
    });
    console.log([`${row.benchmark} ×${row.iterations}`, ...cells].join(' | '));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const table = await runNodeBenchmarks();
  printTable(table);
  const out = args.get('out');
  if (out) writeFileSync(out, JSON.stringify({ machine: machineInfo(), ...table }, null, 2));
}
