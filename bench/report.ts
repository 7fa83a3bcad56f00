// Turns the results of bench/run.ts into bench/results/latest.md: the targets
// of the performance issue, the side-by-side tables, the size breakdown.
import type { EngineResult } from './browser.js';
import { ms, ratio, type Stats, type Table } from './lib.js';
import type { NodeResult } from './node.js';
import { memoryMarkdown, type MemoryResult } from './memory.js';
import { sizeMarkdown, type SizeReport } from './size.js';

export const EXPECTED = 'ctx-value';

export interface Target {
  target: string;
  /** Browser targets: the engine, and the target without it (the markdown puts engines in columns). */
  engine?: string;
  what?: string;
  limit: number;
  measured: number | undefined;
  met: boolean;
  detail: string;
}

export interface Results {
  generatedAt: string;
  durationSeconds: number;
  machine: Record<string, unknown>;
  browsers: Array<{ engine: string; version: string; userAgent: string }>;
  settings: Record<string, unknown>;
  node: NodeResult;
  engines: EngineResult[];
  memory?: MemoryResult | undefined;
  size: SizeReport;
  targets: Target[];
  /** Engines whose results were taken again apart (bench/rerun-engine.ts), with their settings. */
  reruns?: Array<{ engine: string; at: string; options: unknown }>;
  /** Per engine, the rows where taskcontext is not faster than zone.js. */
  zoneComparison: Array<{ engine: string; rows: number; slowerRows: Array<{ benchmark: string; taskcontext: number; zone: number }> }>;
}

function row(table: Table, benchmark: string): Table['rows'][number] | undefined {
  return table.rows.find((r) => r.benchmark === benchmark);
}

function target(name: string, limit: number, stats: Stats | undefined, detail: string): Target {
  const measured = stats && !stats.skipped ? stats.ratio : undefined;
  return { target: name, limit, measured, met: measured !== undefined && measured <= limit, detail };
}

/** A target over browser rows: the engine's row `benchmark` (both shapes when it has two), taskcontext's ratio to native. */
const BROWSER_TARGETS: ReadonlyArray<{ label: string; rows: readonly string[]; limit: number }> = [
  { label: '.then', rows: ['.then chain', 'fetch-like chains (then → then → catch → finally)'], limit: 1.25 },
  { label: 'listener add+remove', rows: ['listener add+remove', 'listener churn (re-render 1k elements × 3 listeners)'], limit: 1.3 },
  { label: 'dispatchEvent', rows: ['dispatchEvent'], limit: 1.1 },
  { label: 'timers', rows: ['setTimeout(0)'], limit: 1.1 },
  { label: 'requestAnimationFrame', rows: ['requestAnimationFrame'], limit: 1.1 },
  { label: 'await built with the plugin vs a native await in a page with nothing', rows: ['await (built to keep context)'], limit: 1.3 },
  { label: 'native await, taskcontext installed vs not', rows: ['await (native)'], limit: 1.1 },
];

export function engineName(engine: string): string {
  return engine === 'chromium' ? 'Chromium' : engine === 'firefox' ? 'Firefox' : 'WebKit';
}

/** Overhead per operation against native, in ns (medians): what the ratio costs in absolute terms. */
export function overheadNs(row: Table['rows'][number], impl: string, baseline = 'native'): number | undefined {
  const own = row.results[impl];
  const base = row.results[baseline];
  if (!own || !base || own.skipped || base.skipped || !(own.median > 0) || !(base.median > 0)) return undefined;
  return ((own.median - base.median) / row.iterations) * 1e6;
}

export function ns(value: number | undefined): string {
  if (value === undefined) return '–';
  const sign = value < 0 ? '−' : '+';
  const abs = Math.abs(value);
  return `${sign}${abs >= 100 ? abs.toFixed(0) : abs >= 10 ? abs.toFixed(1) : abs.toFixed(2)} ns`;
}

export function evaluateTargets(node: NodeResult, engines: EngineResult[]): Target[] {
  const targets: Target[] = [];
  for (const engine of engines) {
    for (const t of BROWSER_TARGETS) {
      for (const r of engine.rows.filter((x) => t.rows.includes(x.name ?? x.benchmark))) {
        const stats = r.results.taskcontext;
        const base = r.results.native;
        const what = `${t.label}: ${r.benchmark} ≤ ${t.limit}×`;
        targets.push({
          ...target(
            `${engineName(engine.engine)} ${what}`,
            t.limit,
            stats,
            stats && base && !stats.skipped ? `${ms(stats.median)} vs ${ms(base.median)} ms, ${ns(overheadNs(r, 'taskcontext'))}/${r.unit ?? 'op'}` : 'not measured',
          ),
          engine: engine.engine,
          what,
        });
      }
    }
  }
  const raw = (benchmark: string) => row(node, benchmark)?.results['raw ALS'];
  for (const [impl, benchmark, limit] of [
    ['Context', 'run + get', 2],
    ['Variable', 'run + get', 1.5],
    ['ALS (ours)', 'await loop', 1.1],
    ['Variable', 'await loop', 1.1],
    ['Context', 'await loop', 1.1],
  ] as const) {
    const stats = row(node, benchmark)?.results[impl];
    const base = raw(benchmark);
    targets.push(
      target(
        `Node ${benchmark}: taskcontext ${impl.replace(' (ours)', ' AsyncLocalStorage')} ≤ ${limit}× raw AsyncLocalStorage`,
        limit,
        stats,
        stats && base ? `${ms(stats.median)} vs ${ms(base.median)} ms` : 'not measured',
      ),
    );
  }
  return targets;
}

export function compareWithZone(engines: EngineResult[]): Results['zoneComparison'] {
  return engines.map((engine) => {
    const slowerRows: Array<{ benchmark: string; taskcontext: number; zone: number }> = [];
    let rows = 0;
    for (const r of engine.rows) {
      const ours = r.results.taskcontext;
      const zone = r.results.zone;
      if (!ours || !zone || ours.skipped || zone.skipped) continue;
      rows++;
      if (ours.median >= zone.median) slowerRows.push({ benchmark: r.benchmark, taskcontext: ours.median, zone: zone.median });
    }
    return { engine: engine.engine, rows, slowerRows };
  });
}

const count = (n: number): string => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

/** A cell: ratio · ns per op · median ms; ∅ when the code read no context at the end though the implementation carries one. */
function cell(r: Table['rows'][number], impl: string, isBaseline: boolean, carriesContext: boolean): string {
  const stats: Stats | undefined = r.results[impl];
  if (!stats) return '–';
  if (stats.skipped && !stats.runs) return 'skipped';
  const lost = carriesContext && stats.seen !== EXPECTED ? ' ∅' : '';
  const error = stats.skipped ? ' ⚠' : '';
  return isBaseline ? `${ms(stats.median)} ms${error}` : `${ratio(stats.ratio)} · ${ns(overheadNs(r, impl))} · ${ms(stats.median)} ms${lost}${error}`;
}

function engineLabel(engine: EngineResult): string {
  return engineName(engine.engine);
}

const IMPL_SHORT: Record<string, string> = { native: 'native', taskcontext: 'taskcontext', zone: 'zone.js', webfill: 'webfill' };

export function markdown(results: Results): string {
  const { node, engines, machine } = results;
  const out: string[] = [];
  out.push('# taskcontext benchmarks', '');
  out.push(
    (results.settings.assembled
      ? `Generated ${results.generatedAt} by bench/assemble.ts from parts run apart (browsers ${results.durationSeconds.toFixed(0)} s in all). Machine:`
      : `Generated ${results.generatedAt} by \`npm run bench\` in ${results.durationSeconds.toFixed(0)} s ` +
        `(${results.settings.built ? 'build included' : 'without the build'}). Machine:`) + ` ${String(machine.cpu)} × ${String(machine.cores)} cores, ${String(machine.memoryGiB)} GiB, ` +
      `${String(machine.os)}; Node ${String(machine.node)} (V8 ${String(machine.v8)}); ` +
      `${results.browsers.map((b) => b.version).join(', ')}.`,
    '',
  );

  out.push('## Targets', '');
  out.push('taskcontext against native in the same browser; each cell: the ratio, met or **missed**, and the overhead per operation.', '');
  const targetEngines = engines.map((e) => e.engine);
  const whats = [...new Set(results.targets.filter((t) => t.engine).map((t) => t.what!))];
  out.push(`| target | ${targetEngines.map(engineName).join(' | ')} |`, `| --- | ${targetEngines.map(() => '---').join(' | ')} |`);
  for (const what of whats) {
    const cells = targetEngines.map((e) => {
      const t = results.targets.find((x) => x.engine === e && x.what === what);
      if (!t || t.measured === undefined) return '–';
      return `${ratio(t.measured)} ${t.met ? 'met' : '**missed**'} (${/[−+][\d.]+ ns\/\S+/.exec(t.detail)?.[0] ?? t.detail})`;
    });
    out.push(`| ${what} | ${cells.join(' | ')} |`);
  }
  out.push('');
  out.push('| Node target | measured | result | medians |', '| --- | ---: | --- | --- |');
  for (const t of results.targets.filter((x) => !x.engine)) {
    out.push(`| ${t.target} | ${ratio(t.measured)} | ${t.met ? 'met' : '**missed**'} | ${t.detail} |`);
  }
  out.push('');
  for (const z of results.zoneComparison) {
    const engine = engines.find((e) => e.engine === z.engine)!;
    out.push(
      z.slowerRows.length === 0
        ? `- ${engineLabel(engine)}: taskcontext is faster than zone.js on all ${z.rows} rows.`
        : `- ${engineLabel(engine)}: taskcontext is faster than zone.js on ${z.rows - z.slowerRows.length} of ${z.rows} rows; not on ` +
            z.slowerRows.map((s) => `${s.benchmark} (${ms(s.taskcontext)} vs ${ms(s.zone)} ms)`).join(', ') +
            '.',
    );
  }
  out.push('');

  out.push('## Browsers: ratio to native · overhead per operation · median ms', '');
  out.push(
    'Per engine, each row is one run of the row\'s operations ("ops"). Each cell: the ratio to native in the same browser, ' +
      'the overhead per operation against native (median minus native median, divided by ops), and the median time. ' +
      '"shared callback": one function reused by every operation (what micro-benchmarks write); "new closure each": a new ' +
      'function per `.then`, listener or timer (what apps write). ∅: the code read no value from the context at the end ' +
      '(context lost: expected after a native `await` without the plugin; native carries no context, so it is never marked). ' +
      '⚠: a case threw (see the JSON).',
    '',
  );
  for (const engine of engines) {
    const impls = Object.keys(engine.implementations);
    out.push(`### ${engine.version}`, '');
    out.push(
      `| case | shape | ops | ${impls.map((i) => IMPL_SHORT[i] ?? i).join(' | ')} |`,
      `| --- | --- | ---: | ${impls.map(() => '---:').join(' | ')} |`,
    );
    for (const r of engine.rows) {
      const cells = impls.map((impl) => cell(r, impl, impl === engine.baseline, impl !== 'native'));
      let name = r.name ?? r.benchmark;
      if (name === 'Snapshot capture') name += ' (behind `Zone.current` by design: the proposal requires a new object per `new Snapshot()`)';
      out.push(`| ${name} | ${r.shape ?? '–'} | ${count(r.iterations)} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  const skips = engines.flatMap((e) => Object.entries(e.skips).map(([impl, why]) => `- ${engineLabel(e)} ${IMPL_SHORT[impl] ?? impl}: skipped: ${why}`));
  const errors = engines.flatMap((e) =>
    e.rows.flatMap((r) =>
      Object.entries(r.results)
        .filter(([impl, s]) => s.skipped && !e.skips[impl])
        .map(([impl, s]) => `- ${engineLabel(e)} ${IMPL_SHORT[impl] ?? impl}, ${r.benchmark}: ${s.skipped}`),
    ),
  );
  if (skips.length || errors.length) out.push('Skipped or failed:', '', ...skips, ...errors, '');
  out.push(`Implementations: ${Object.values(engines[0]?.implementations ?? {}).join('; ')}.`, '');

  out.push(`## Node: ratio to ${node.implementations[node.baseline]} · median ms`, '');
  const nodeImpls = Object.keys(node.implementations);
  out.push(
    `| benchmark | ops | ${nodeImpls.map((i) => node.implementations[i]).join(' | ')} |`,
    `| --- | ---: | ${nodeImpls.map(() => '---:').join(' | ')} |`,
  );
  for (const r of node.rows) {
    const cells = nodeImpls.map((impl) => {
      const s = r.results[impl]!;
      const lost = s.seen === EXPECTED ? '' : ' ∅';
      return impl === node.baseline ? `${ms(s.median)} ms` : `${ratio(s.ratio)} · ${ms(s.median)} ms${lost}`;
    });
    out.push(`| ${r.benchmark} | ${count(r.iterations)} | ${cells.join(' | ')} |`);
  }
  out.push('', ...node.notes.map((n) => `- ${n}`), '');

  if (results.memory) out.push('## Memory', '', memoryMarkdown(results.memory), '');
  out.push('## Size', '', sizeMarkdown(results.size), '');

  out.push('## Method', '');
  const b = results.settings.browser as { pages: number; rounds: number; warmup: number; scale: number };
  out.push(
    `- Browsers: every (case, implementation) in a fresh page (Playwright: a new browser context; WebKit: a new document), ` +
      `in ${b.pages} interleaved rounds, the implementations in an order that rotates per case and round, after one throwaway page per browser; in each page ${b.warmup} warm-up runs then ` +
      `${b.rounds} measured runs of the case, so ${b.pages * b.rounds} samples per cell. Warm-up runs also pick how ` +
      'many back-to-back runs one sample times (at least 30 ms: Firefox and WebKit timers tick in 1 ms), and a sample is ' +
      'that time divided by the count. requestAnimationFrame times itself: registering the callbacks plus first to last callback, not the wait for the frame.',
    '- Async cases run inside the implementation\'s `run` (taskcontext: `Variable.run`; zone.js: a forked zone with a property) ' +
      'and read the value once, in the last callback. The native page\'s "variable" is a plain synchronous one, the least ' +
      'code that can do Variable.get/run and Snapshot capture/run; it carries nothing across async boundaries.',
    '- The await rows run `for (…) await Promise.resolve(i)`, bundled by Rollup into .cache/bench/. "await (native)": ' +
      'as written, in every page. "await (built to keep context)": each page keeps context its own way: taskcontext\'s ' +
      'built with `taskcontext/rollup` (awaits stay native and report to the patch layer); zone.js\'s and webfill\'s ' +
      'lowered to generators (esbuild, ES2016), the build zone.js needs to see an await at all; the native page runs ' +
      'the native loop (nothing to keep). zone.js replaces the global Promise, so in its page `Promise.resolve` makes a ' +
      'ZoneAwarePromise.',
    ...(results.reruns ?? []).map(
      (r) => {
        const o = r.options as { pages: number; rounds: number; warmup: number; runs: number };
        return r.engine === 'node'
          ? `- Node was run again apart at ${r.at} (bench/rerun-engine.ts): ${o.runs} measured rounds after ${o.warmup} warm-up rounds.`
          : `- ${engineName(r.engine)} was run again apart at ${r.at} (bench/rerun-engine.ts): ${o.pages} round(s) of fresh pages, ${o.warmup} warm-up and ${o.rounds} measured runs per page.`;
      },
    ),
    `- Iteration counts are the "ops" column${b.scale === 1 ? '' : `, scaled by ${b.scale}`}; Node: see its notes.`,
    '',
  );

  out.push('<details><summary>Details: median [min–max] ms per browser</summary>', '');
  for (const engine of engines) {
    out.push(`### ${engine.version}`, '', `User agent: \`${engine.userAgent}\` (${engine.seconds.toFixed(0)} s)`, '');
    const impls = Object.keys(engine.implementations);
    out.push(`| benchmark | ${impls.map((i) => IMPL_SHORT[i] ?? i).join(' | ')} |`, `| --- | ${impls.map(() => '---:').join(' | ')} |`);
    for (const r of engine.rows) {
      const cells = impls.map((impl) => {
        const s = r.results[impl];
        if (!s || !s.runs) return 'skipped';
        return `${ms(s.median)} [${ms(s.min)}–${ms(s.max)}]${s.seen === EXPECTED || impl === 'native' ? '' : ` seen ${s.seen}`}`;
      });
      out.push(`| ${r.benchmark} | ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  out.push('### Node', '');
  out.push(`| benchmark | ${nodeImpls.join(' | ')} |`, `| --- | ${nodeImpls.map(() => '---:').join(' | ')} |`);
  for (const r of node.rows) {
    out.push(`| ${r.benchmark} | ${nodeImpls.map((impl) => { const s = r.results[impl]!; return `${ms(s.median)} [${ms(s.min)}–${ms(s.max)}]`; }).join(' | ')} |`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}
