// Memory in Chromium, read through CDP: after HeapProfiler.collectGarbage,
// Runtime.getHeapUsage's usedSize (V8's JS heap) plus embedderHeapUsedSize
// (Blink's C++ heap: listener registrations, timers). For native, taskcontext
// and zone.js, each in a fresh page of its own (bench/pages/<impl>.html plus
// bench/pages/memory.js):
//
// - bytes retained per pending callback (`.then` on a promise that never
//   settles; a timer not yet due) and per registered listener, new closures
//   each, made inside a Variable.run (or its equivalent);
// - the soak: 1M listener add+remove and 1M setTimeout(0), in frames, after
//   which the heap must be back where it started (within 5%).
//
//   npx tsx bench/memory.ts [--memory-n=100000] [--soak=1000000] [--memory-impls=native,taskcontext,zone]
//                           [--soak-impls=taskcontext] [--memory-repeats=3]
import { pathToFileURL } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { startServer } from '../e2e/server.js';
import { buildPageScripts, pageOf } from './browser.js';
import { launchChromium } from './engines.js';
import { cacheDir, summarize } from './lib.js';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemoryOptions {
  /** Pending callbacks and listeners per measurement. */
  n: number;
  /** Operations of each soak. */
  soak: number;
  impls: readonly string[];
  /** Implementations soaked (the soak is long: 1M timers take a minute or more here). */
  soakImpls: readonly string[];
  /** Measurements per (kind, implementation), each in a fresh page; the median is kept. */
  repeats: number;
}

export const defaultMemoryOptions: MemoryOptions = { n: 100_000, soak: 1_000_000, impls: ['native', 'taskcontext', 'zone'], soakImpls: ['taskcontext'], repeats: 3 };

export interface MemoryResult {
  version: string;
  n: number;
  /** kind → implementation → bytes per item (median over repeats). */
  perItem: Record<string, Record<string, number>>;
  soak: Array<{ impl: string; operations: string; startBytes: number; endBytes: number; change: number; withinFivePercent: boolean }>;
  notes: string[];
}

export const PER_ITEM_KINDS = {
  pendingThen: 'pending `.then` callback (promise never settles)',
  pendingTimers: 'pending `setTimeout` callback (not yet due)',
  listeners: 'registered listener (100k on 1k elements)',
} as const;

async function heapBytes(cdp: CDPSession): Promise<number> {
  // Twice: the first collection may leave what finalizers or weak callbacks free for the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; embedderHeapUsedSize?: number };
  return usage.usedSize + (usage.embedderHeapUsedSize ?? 0);
}

async function openPage(page: Page, base: string, impl: string): Promise<CDPSession> {
  await page.goto(`${base}/bench/pages/${pageOf(impl)}`);
  await page.addScriptTag({ url: '/bench/pages/memory.js' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  return cdp;
}

export async function runMemoryBenchmarks(options: MemoryOptions = defaultMemoryOptions, log: (line: string) => void = console.log): Promise<MemoryResult> {
  try {
    await buildPageScripts();
  } catch (error) {
    // The scripts of an earlier build serve as well (they change only with bench/pages/await-loop.js).
    if (!existsSync(join(cacheDir, 'await-native.js'))) throw error;
    log(`  memory: page scripts not rebuilt (${String(error).split('\n')[0]}); using the cached ones`);
  }
  const server = await startServer();
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  const perItemSamples: Record<string, Record<string, number[]>> = {};
  const soak: MemoryResult['soak'] = [];
  try {
    const fresh = async <T>(impl: string, fn: (page: Page, cdp: CDPSession) => Promise<T>): Promise<T> => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        return await fn(page, await openPage(page, server.url, impl));
      } finally {
        await context.close();
      }
    };
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const kind of Object.keys(PER_ITEM_KINDS)) {
        for (const impl of options.impls) {
          const bytes = await fresh(impl, async (page, cdp) => {
            // A small run first: lazily made structures (the patch layer's maps, compiled code) are not per item.
            if (kind === 'listeners') await page.evaluate(`benchMemory.elements(1000)`);
            await page.evaluate(`benchMemory.${kind}(1000); benchMemory.release()`);
            if (kind === 'listeners') await page.evaluate(`benchMemory.elements(1000)`);
            const before = await heapBytes(cdp);
            await page.evaluate(`benchMemory.${kind}(${options.n})`);
            const after = await heapBytes(cdp);
            await page.evaluate('benchMemory.release()');
            return (after - before) / options.n;
          });
          ((perItemSamples[kind] ??= {})[impl] ??= []).push(bytes);
        }
      }
      log(`  memory: per-item round ${repeat + 1}/${options.repeats}`);
    }
    for (const impl of options.soakImpls) {
      for (const [operations, call] of [
        [`${options.soak / 1e6}M listener add+remove`, `benchMemory.soakListeners(${options.soak})`],
        [`${options.soak / 1e6}M setTimeout(0)`, `benchMemory.soakTimers(${options.soak})`],
      ] as const) {
        const t0 = Date.now();
        soak.push(
          await fresh(impl, async (page, cdp) => {
            // Warm-up: a soak of 1% first, so that the start is measured with code compiled and caches made.
            await page.evaluate(call.replace(/\(\d+\)/, `(${Math.max(10_000, options.soak / 100)})`));
            const startBytes = await heapBytes(cdp);
            await page.evaluate(call);
            const endBytes = await heapBytes(cdp);
            const change = (endBytes - startBytes) / startBytes;
            return { impl, operations, startBytes, endBytes, change, withinFivePercent: Math.abs(change) <= 0.05 };
          }),
        );
        log(`  memory: soak ${impl} ${operations}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      }
    }
    const perItem = Object.fromEntries(
      Object.entries(perItemSamples).map(([kind, byImpl]) => [kind, Object.fromEntries(Object.entries(byImpl).map(([impl, xs]) => [impl, summarize(xs).median]))]),
    );
    return {
      version: `Chromium ${browser.version()}`,
      n: options.n,
      perItem,
      soak,
      notes: [
        `Heap: Runtime.getHeapUsage usedSize (V8) + embedderHeapUsedSize (Blink's C++ heap), after two HeapProfiler.collectGarbage.`,
        `Per item: (heap with ${options.n / 1000}k items − heap before) / ${options.n / 1000}k, new closures made inside a run, after a warm-up of 1k; median of ${options.repeats} fresh pages. It includes the closure itself, so native is the floor.`,
        'Soak: each in a fresh page after a 1% warm-up soak; listeners in frames of 1,000 pairs on 100 elements; timers 10k at a time, each batch in a frame of its own.',
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const LABEL: Record<string, string> = { native: 'native', taskcontext: 'taskcontext', zone: 'zone.js' };

function kb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function memoryMarkdown(m: MemoryResult): string {
  const impls = Object.keys(Object.values(m.perItem)[0] ?? {});
  const out: string[] = [];
  out.push(`${m.version}, through CDP.`, '');
  out.push(`| bytes retained per… | ${impls.map((i) => LABEL[i] ?? i).join(' | ')} |`, `| --- | ${impls.map(() => '---:').join(' | ')} |`);
  for (const [kind, byImpl] of Object.entries(m.perItem)) {
    const base = byImpl.native;
    const cells = impls.map((impl) => {
      const v = byImpl[impl]!;
      return impl === 'native' || base === undefined ? `${v.toFixed(0)} B` : `${v.toFixed(0)} B (${v - base >= 0 ? '+' : '−'}${Math.abs(v - base).toFixed(0)})`;
    });
    out.push(`| ${PER_ITEM_KINDS[kind as keyof typeof PER_ITEM_KINDS] ?? kind} | ${cells.join(' | ')} |`);
  }
  out.push('', '| soak | implementation | heap at start | heap at end | change | within 5% |', '| --- | --- | ---: | ---: | ---: | --- |');
  for (const s of m.soak) {
    out.push(`| ${s.operations} | ${LABEL[s.impl] ?? s.impl} | ${kb(s.startBytes)} | ${kb(s.endBytes)} | ${(s.change * 100).toFixed(1)}% | ${s.withinFivePercent ? 'yes' : '**no**'} |`);
  }
  out.push('', ...m.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

export function parseMemoryOptions(argv: readonly string[]): MemoryOptions {
  const args = new Map(argv.map((arg) => arg.replace(/^--/, '').split('=') as [string, string | undefined]));
  return {
    n: Number(args.get('memory-n') ?? args.get('n') ?? defaultMemoryOptions.n),
    soak: Number(args.get('soak') ?? defaultMemoryOptions.soak),
    impls: args.get('memory-impls')?.split(',') ?? defaultMemoryOptions.impls,
    soakImpls: args.get('soak-impls')?.split(',') ?? defaultMemoryOptions.soakImpls,
    repeats: Number(args.get('memory-repeats') ?? defaultMemoryOptions.repeats),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const result = await runMemoryBenchmarks(parseMemoryOptions(process.argv.slice(2)));
  console.log(memoryMarkdown(result));
  // --out=FILE: the result as JSON, for bench/assemble.ts.
  const out = process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}
