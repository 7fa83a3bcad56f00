// Runs the test262 scenarios on one engine twice, without the library (or
// takes those outcomes from the cache: baseline-cache.ts) and with the patch
// layer installed, and confirms each difference by running its scenario again
// both ways, alone: a difference that does not come back was the load (a
// timeout on two busy cores), not the library, and is dropped.
import { fileURLToPath } from 'node:url';
import type { Outcome } from '../../test262/report.js';
import { runInBrowser } from '../../test262/browsers.js';
import type { Scenario } from '../../test262/tests.js';
import type { BaselineCache } from './baseline-cache.js';
import { probe } from './folders.js';
import { runInNodeVm } from './node.js';

export const TEST262_ENGINES = ['node', 'chromium', 'firefox', 'webkit'] as const;
export type Test262Engine = (typeof TEST262_ENGINES)[number];

const dist = (file: string): string => fileURLToPath(new URL(`../../../dist/${file}`, import.meta.url));

/** Per scenario: its sync part and its $DONE. Promise tests finish in microtasks; this is for a loaded machine. */
const TIMEOUT_MS = 15_000;

export interface Test262Outcomes {
  baseline: Outcome[];
  ours: Outcome[];
  /** Scenarios that differed at first and not when run again. */
  unconfirmed: number[];
  /** Baseline outcomes taken from the cache. */
  cached: number;
}

/** `list` one way, its probe last (checked, then stripped). */
async function runWay(engine: Test262Engine, checkout: string, list: Scenario[], install: boolean, alone: boolean): Promise<Outcome[]> {
  const scenarios = [...list, probe(install)];
  let outcomes: Outcome[];
  if (engine === 'node') {
    const library = dist('taskcontext.umd.min.js');
    outcomes = await runInNodeVm(scenarios.map((scenario) => ({ scenario, install })), { checkout, library, timeoutMs: TIMEOUT_MS, parallel: alone ? 1 : 2 });
  } else {
    // Each test page is written into a fresh iframe; a batch per driver page load, two tabs at once (a core each).
    const library = install ? dist('taskcontext.auto.umd.min.js') : null;
    const options = { checkout, prepare: (code: string) => code, timeoutMs: TIMEOUT_MS, rejections: 'ignore', write: true, library } as const;
    outcomes = await runInBrowser(engine, scenarios, { ...options, parallel: alone ? 1 : 2, pages: alone ? 1 : 2, batch: 250 });
  }
  const last = outcomes.at(-1);
  if (!last?.ok) throw new Error(`${engine}: the probe of the run ${install ? 'with install()' : 'without the library'} failed: ${last?.reason ?? 'no outcome'}`);
  return outcomes.slice(0, -1);
}

export async function runTest262(engine: Test262Engine, checkout: string, list: Scenario[], cache: BaselineCache): Promise<Test262Outcomes> {
  const kept = list.map((scenario) => cache.get(scenario));
  const missing = list.map((_, index) => index).filter((index) => kept[index] === undefined);
  if (missing.length > 0) {
    const fresh = await runWay(engine, checkout, missing.map((index) => list[index]!), false, false);
    missing.forEach((index, position) => {
      kept[index] = fresh[position]!;
      cache.set(list[index]!, fresh[position]!);
    });
  }
  const baseline = kept as Outcome[];
  const ours = await runWay(engine, checkout, list, true, false);
  const differing = list.map((_, index) => index).filter((index) => baseline[index]!.ok !== ours[index]!.ok);
  const unconfirmed: number[] = [];
  if (differing.length > 0) {
    const again = differing.map((index) => list[index]!);
    const [before, after] = [await runWay(engine, checkout, again, false, true), await runWay(engine, checkout, again, true, true)];
    differing.forEach((index, position) => {
      baseline[index] = before[position]!;
      ours[index] = after[position]!;
      cache.set(list[index]!, before[position]!);
      if (before[position]!.ok === after[position]!.ok) unconfirmed.push(index);
    });
  }
  cache.save();
  return { baseline, ours, unconfirmed, cached: list.length - missing.length };
}
