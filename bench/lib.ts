// Shared by bench/node.ts, bench/browser.ts and bench/run.ts: statistics,
// the result shapes written to bench/results/, and small helpers.
import { cpus, freemem, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const resultsDir = join(root, 'bench', 'results');
/** Built page scripts (gitignored), served by e2e/server.ts under /.cache/bench/. */
export const cacheDir = join(root, '.cache', 'bench');

/** One implementation's timings for one benchmark, in milliseconds. */
export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
  /** Every measured run, in the order taken (warm-up runs excluded). */
  samples: number[];
  /** To the baseline of the same run (same process or same browser): see addRatios. */
  ratio?: number;
  /** What the code read from the context at the end: the expected value, or what it got instead. */
  seen?: string;
  /** Browsers: each page's figure (the median of its measured runs), in page order. */
  pages?: number[];
  /** Browsers: back-to-back runs per sample, per page (see bench/pages/cases.js). */
  repeat?: number[];
  /** Why there is no figure (an implementation that does not run here, a case that threw). */
  skipped?: string;
}

export interface Row {
  /** The row's id: `name`, and ` · shape` when the case comes in two shapes. */
  benchmark: string;
  /** Browsers: the case without its shape, the shape, and what one operation is. */
  name?: string;
  shape?: string;
  unit?: string;
  /** Operations per run (awaits, callbacks, listeners…). */
  iterations: number;
  /** Implementation name → its figures. */
  results: Record<string, Stats>;
}

export interface Table {
  /** The implementation every ratio of this table is relative to. */
  baseline: string;
  /** Column order: implementation name → a human label. */
  implementations: Record<string, string>;
  rows: Row[];
}

export function summarize(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: samples.length, samples };
}

/**
 * Fills each row's `ratio`. For an implementation `paired` with the baseline
 * (sample i of both taken in the same round, close together), the median of
 * the per-round ratios; otherwise the ratio of the medians.
 */
export function addRatios(table: Table, paired: (impl: string) => boolean = () => false): void {
  for (const row of table.rows) {
    const base = row.results[table.baseline];
    for (const [impl, stats] of Object.entries(row.results)) {
      if (!base || base.skipped || stats.skipped || !(base.median > 0)) continue;
      if (paired(impl) && stats.samples.length === base.samples.length) {
        stats.ratio = summarize(stats.samples.map((time, i) => time / base.samples[i]!)).median;
      } else {
        stats.ratio = stats.median / base.median;
      }
    }
  }
}

/** `xs` rotated left by `by`: alternates which implementation goes first in each round. */
export function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = ((by % xs.length) + xs.length) % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

export function machineInfo(): Record<string, unknown> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

export function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function ratio(value: number | undefined): string {
  if (value === undefined) return '–';
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
}
