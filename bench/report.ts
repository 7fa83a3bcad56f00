// Turns the results of bench/run.ts into bench/results/latest.md: the targets
// of the performance issue, the side-by-side tables, the size breakdown.
import type { EngineResult } from './browser.js';
import { ms, ratio, type Stats, type Table } from './lib.js';
import type { NodeResult } from './node.js';
import { sizeMarkdown, type SizeReport } from './size.js';

export const EXPECTED = 'ctx-value';

export interface Target {
  target: string;
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
  size: SizeReport;
  targets: Target[];
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

export function evaluateTargets(node: NodeResult, engines: EngineResult[]): Target[] {
  const targets: Target[] = [];
  const chromium = engines.find((e) => e.engine === 'chromium');
  for (const [benchmark, limit] of [
    ['.then chain', 1.5],
    ['listener add+remove', 1.5],
    ['dispatchEvent', 1.1],
    ['setTimeout(0)', 1.1],
  ] as const) {
    const stats = chromium && row(chromium, benchmark)?.results.taskcontext;
    const base = chromium && row(chromium, benchmark)?.results.native;
    targets.push(
      target(
        `Chromium ${benchmark}: taskcontext ≤ ${limit}× native`,
        limit,
        stats,
        stats && base ? `${ms(stats.median)} ms vs ${ms(base.median)} ms` : 'not measured',
      ),
    );
  }
  const awaitRow = row(node, 'await loop');
  const raw = awaitRow?.results['raw ALS'];
  for (const impl of ['ALS (ours)', 'Variable', 'Context']) {
    const stats = awaitRow?.results[impl];
    targets.push(
      target(
        `Node await loop: taskcontext ${impl.replace(' (ours)', '')} ≤ 1.1× raw AsyncLocalStorage`,
        1.1,
        stats,
        stats && raw ? `${ms(stats.median)} ms vs ${ms(raw.median)} ms` : 'not measured',
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

/** A cell: ratio · median ms; ∅ when the code read no context at the end though the implementation carries one. */
function cell(stats: Stats | undefined, isBaseline: boolean, carriesContext: boolean): string {
  if (!stats) return '–';
  if (stats.skipped && !stats.runs) return 'skipped';
  const lost = carriesContext && stats.seen !== EXPECTED ? ' ∅' : '';
  const error = stats.skipped ? ' ⚠' : '';
  return isBaseline ? `${ms(stats.median)} ms${error}` : `${ratio(stats.ratio)} · ${ms(stats.median)} ms${lost}${error}`;
}

function engineLabel(engine: EngineResult): string {
  return engine.engine === 'chromium' ? 'Chromium' : engine.engine === 'firefox' ? 'Firefox' : 'WebKit';
}

const IMPL_SHORT: Record<string, string> = { native: 'native', taskcontext: 'taskcontext', zone: 'zone.js', webfill: 'webfill' };

export function markdown(results: Results): string {
  const { node, engines, machine } = results;
  const out: string[] = [];
  out.push('# taskcontext benchmarks', '');
  out.push(
    `Generated ${results.generatedAt} by \`npm run bench\` in ${results.durationSeconds.toFixed(0)} s ` +
      `(${results.settings.built ? 'build included' : 'without the build'}). Machine: ${String(machine.cpu)} × ${String(machine.cores)} cores, ${String(machine.memoryGiB)} GiB, ` +
      `${String(machine.os)}; Node ${String(machine.node)} (V8 ${String(machine.v8)}); ` +
      `${results.browsers.map((b) => b.version).join(', ')}.`,
    '',
  );

  out.push('## Targets', '');
  out.push('| target | measured | result | medians |', '| --- | ---: | --- | --- |');
  for (const t of results.targets) {
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

  out.push('## Browsers: ratio to native · median ms', '');
  out.push(
    'Each cell: the implementation\'s median time for one run of the row\'s operations, and its ratio to the native median ' +
      'of the same browser. ∅: the code read no value from the context at the end (context lost: expected after a native ' +
      '`await` without the plugin; native itself carries no context, so it is never marked). ⚠: a case threw (see the JSON). ' +
      'Min and max: in the details below and in latest.json.',
    '',
  );
  const columns = engines.flatMap((engine) => Object.keys(engine.implementations).map((impl) => ({ engine, impl })));
  out.push(
    `| benchmark | ops | ${columns.map((c) => `${engineLabel(c.engine)} ${IMPL_SHORT[c.impl] ?? c.impl}`).join(' | ')} |`,
    `| --- | ---: | ${columns.map(() => '---:').join(' | ')} |`,
  );
  const benchmarks = [...new Set(engines.flatMap((e) => e.rows.map((r) => r.benchmark)))];
  for (const benchmark of benchmarks) {
    const iterations = engines.map((e) => row(e, benchmark)?.iterations).find((n) => n !== undefined) ?? 0;
    const cells = columns.map(({ engine, impl }) =>
      cell(row(engine, benchmark)?.results[impl], impl === engine.baseline, impl !== 'native'),
    );
    out.push(`| ${benchmark} | ${count(iterations)} | ${cells.join(' | ')} |`);
  }
  out.push('');
  const carried = engines
    .map((engine) => {
      const native = row(engine, 'await (native)')?.results.native;
      const kept = row(engine, 'await (built to keep context)')?.results.taskcontext;
      return native && kept && !native.skipped && !kept.skipped
        ? `${engineLabel(engine)} ${ratio(kept.median / native.median)}`
        : undefined;
    })
    .filter(Boolean);
  if (carried.length) {
    out.push(
      `Keeping context across \`await\` (taskcontext installed, code built with the plugin) against native \`await\` in a page ` +
        `with nothing installed: ${carried.join(', ')}.`,
      '',
    );
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

  out.push('## Size', '', sizeMarkdown(results.size), '');

  out.push('## Method', '');
  const b = results.settings.browser as { pages: number; rounds: number; warmup: number; scale: number };
  out.push(
    `- Browsers: every implementation in a fresh page (Playwright: a new browser context; WebKit: a new document), ` +
      `${b.pages} pages each, the implementations in a rotating order, after one throwaway page per browser; in each page ${b.warmup} warm-up rounds then ` +
      `${b.rounds} measured rounds of every case, so ${b.pages * b.rounds} samples per cell. Warm-up rounds also pick how ` +
      'many back-to-back runs one sample times (at least 30 ms: Firefox and WebKit timers tick in 1 ms), and a sample is ' +
      'that time divided by the count.',
    '- Async cases run inside the implementation\'s `run` (taskcontext: `Variable.run`; zone.js: a forked zone with a property) ' +
      'and read the value once, in the last callback. The native page\'s "variable" is a plain synchronous one, the least ' +
      'code that can do Variable.get/run and Snapshot capture/run; it carries nothing across async boundaries.',
    '- The await rows run `for (…) await Promise.resolve(i)`, bundled by Rollup into .cache/bench/. "await (native)": ' +
      'as written, in every page. "await (built to keep context)": each page keeps context its own way: taskcontext\'s ' +
      'built with `taskcontext/rollup` (awaits stay native and report to the patch layer); zone.js\'s and webfill\'s ' +
      'lowered to generators (esbuild, ES2016), the build zone.js needs to see an await at all; the native page runs ' +
      'the native loop (nothing to keep). zone.js replaces the global Promise, so in its page `Promise.resolve` makes a ' +
      'ZoneAwarePromise.',
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
