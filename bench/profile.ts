// Where the time goes in taskcontext's page: Chromium's sampling profiler
// (CDP, through Playwright) around chosen cases of bench/pages/cases.js, with
// the unminified UMD bundle so that function names are readable. Not part of
// npm run bench.
//
//   npx tsx bench/profile.ts [--cases=".then chain · new closure each,listener add+remove · new closure each"]
//                            [--impl=taskcontext] [--top=15] [--no-inlining]
//
// Prints, per case, the functions with the most self time. Optimized code
// inlines small functions into their callers, which then carry their time:
// --no-inlining turns V8's inlining off for a finer (if slower) picture.
import { startServer } from '../e2e/server.js';
import { buildPageScripts } from './browser.js';
import { launchChromium } from './engines.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const cases = (
  args.get('cases') ??
  '.then chain · new closure each,fetch-like chains (then → then → catch → finally) · new closure each,listener add+remove · new closure each,setTimeout(0) · new closure each,await (built to keep context)'
).split(',');
const impl = args.get('impl') ?? 'taskcontext';
const top = Number(args.get('top') ?? 12);
const inlining = !args.has('no-inlining');

await buildPageScripts();
const server = await startServer();
const browser = await launchChromium(inlining ? [] : ['--js-flags=--no-turbo-inlining --no-maglev-inlining']);
try {
  for (const name of cases) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench/pages/${impl}.html?umd=full`);
    // Warm up (JIT tiers) before sampling.
    await page.evaluate((only) => (window as unknown as { runBenchmarks(o: object): Promise<unknown> }).runBenchmarks({ rounds: 0, warmup: 3, only }), [name]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.evaluate((only) => (window as unknown as { runBenchmarks(o: object): Promise<unknown> }).runBenchmarks({ rounds: 5, warmup: 0, only }), [name]);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] } };
    const total = profile.samples.length;
    const self = new Map<string, number>();
    for (const node of profile.nodes) {
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.split('/').pop() || '(native)';
      const key = `${functionName || '(anonymous)'} ${file}${url ? `:${lineNumber + 1}` : ''}`;
      self.set(key, (self.get(key) ?? 0) + (node.hitCount ?? 0));
    }
    const byFile = new Map<string, number>();
    for (const node of profile.nodes) {
      const file = node.callFrame.url.split('/').pop() || `(${node.callFrame.functionName || 'native'})`;
      byFile.set(file, (byFile.get(file) ?? 0) + (node.hitCount ?? 0));
    }
    const pct = (n: number) => `${((n / total) * 100).toFixed(1)}%`;
    console.log(`\n== ${impl}: ${name} (${total} samples)`);
    console.log(`   by script: ${[...byFile].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([f, n]) => `${f} ${pct(n)}`).join(', ')}`);
    for (const [key, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`   ${pct(hits).padStart(6)}  ${key}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
