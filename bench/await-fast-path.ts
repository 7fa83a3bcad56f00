// Which native `await`s lose speed when Promise.prototype.then is replaced,
// engine by engine. SpiderMonkey skips an `await` outright (no job, no
// suspension: js::CanSkipAwait in js/src/builtin/Promise.cpp) when the async
// function was resumed from the job queue and the awaited value is a
// primitive, or a settled native promise for which
// `PromiseLookup::isDefaultInstance` holds, which requires, among others,
// Promise.prototype.then to be the original native. Any replacement of `then`
// fails that check.
//
// This measures 100k awaits of three kinds in fresh pages: a primitive, an
// already fulfilled native promise, a promise still pending when awaited; in a
// page with nothing installed, one where `then` is replaced by a pass-through,
// one where it was replaced and put back, and one with taskcontext installed.
//
//   npx tsx bench/await-fast-path.ts [--engines=firefox,chromium] [--runs=7]
import { pathToFileURL } from 'node:url';
import { startServer } from '../e2e/server.js';
import { openEngine, type Engine } from './engines.js';
import { summarize } from './lib.js';

const SETUPS: Record<string, string> = {
  'nothing installed': '',
  '`then` replaced by a pass-through': `
    const then = Promise.prototype.then;
    Promise.prototype.then = function (onFulfilled, onRejected) { return then.call(this, onFulfilled, onRejected); };`,
  '`then` replaced, then put back': `
    const then = Promise.prototype.then;
    Promise.prototype.then = function (onFulfilled, onRejected) { return then.call(this, onFulfilled, onRejected); };
    Promise.prototype.then = then;`,
  'taskcontext installed': `TaskContext.install();`,
};

const KINDS: Record<string, string> = {
  'await a primitive': 'await i',
  'await a fulfilled promise': 'await Promise.resolve(i)',
  // An async function's promise: still pending when awaited, settled one job later.
  'await a pending promise': 'await (async () => { await null; })()',
};

/** The page script: times `runs` runs of each kind's loop, returns medians in ms. */
function pageScript(runs: number): string {
  const loops = Object.entries(KINDS)
    .map(([kind, statement]) => `[${JSON.stringify(kind)}, async (n) => { for (let i = 0; i < n; i++) ${statement}; }]`)
    .join(',\n');
  return `(async () => {
    const loops = [${loops}];
    const out = {};
    for (const [kind, loop] of loops) {
      await loop(20000);
      const times = [];
      for (let r = 0; r < ${runs}; r++) {
        const t0 = performance.now();
        await loop(100000);
        times.push(performance.now() - t0);
      }
      out[kind] = times;
    }
    return out;
  })()`;
}

export async function measureAwaitFastPath(engines: readonly Engine[], runs: number): Promise<Record<string, Record<string, Record<string, number>>>> {
  const server = await startServer();
  const result: Record<string, Record<string, Record<string, number>>> = {};
  try {
    for (const engine of engines) {
      const session = await openEngine(engine);
      try {
        const samples: Record<string, Record<string, number[]>> = {};
        for (let round = 0; round < 3; round++) {
          for (const [setup, code] of Object.entries(SETUPS)) {
            const times = await session.withPage(async (page) => {
              await page.goto(`${server.url}/bench/pages/empty.html`);
              await page.evaluate(`(() => { ${code} })()`);
              return page.evaluate<Record<string, number[]>>(pageScript(runs));
            });
            for (const [kind, xs] of Object.entries(times)) ((samples[setup] ??= {})[kind] ??= []).push(...xs);
          }
        }
        result[session.version] = Object.fromEntries(
          Object.entries(samples).map(([setup, byKind]) => [setup, Object.fromEntries(Object.entries(byKind).map(([k, xs]) => [k, summarize(xs).median]))]),
        );
      } finally {
        await session.close();
      }
    }
  } finally {
    await server.close();
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
  const engines = (args.get('engines') ?? 'firefox,chromium').split(',') as Engine[];
  const result = await measureAwaitFastPath(engines, Number(args.get('runs') ?? 7));
  for (const [version, bySetup] of Object.entries(result)) {
    console.log(`\n${version}: median ms per 100k awaits (ratio to nothing installed)`);
    const base = bySetup['nothing installed']!;
    console.log(`| setup | ${Object.keys(KINDS).join(' | ')} |`);
    console.log(`| --- | ${Object.keys(KINDS).map(() => '---:').join(' | ')} |`);
    for (const [setup, byKind] of Object.entries(bySetup)) {
      console.log(`| ${setup} | ${Object.entries(byKind).map(([k, v]) => `${v.toFixed(1)} (${(v / base[k]!).toFixed(2)}×)`).join(' | ')} |`);
    }
  }
}
