// npx tsx test/engines/run-browsers.ts [chromium,firefox,webkit] [--suite=<folder>]
// A suite (test/contract/, the files vitest runs, unless --suite names another
// folder) inside real pages in Chromium, Firefox and WebKit (webkit.ts), with
// the patch layer installed. Each engine's report is checked against the
// manifest the suite wrote in that page, and every engine must have registered
// the same tests; every engine must run on the `patch` backend. Prints one
// count line per engine and, last, `N passed, N failed`.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../e2e/server.js';
import { bundleSuite, contractDir, suiteName } from '../portable/bundle.js';
import { judge, judgeSameTests, saveManifest, type Judged } from '../portable/judge.js';
import type { Manifest } from '../portable/manifest.js';
import type { Report } from '../portable/run.js';
import { runInPlaywright, type PlaywrightEngine } from './browsers.js';
import { allPassed, printReports, saveReports } from './report.js';
import { engineVersion } from './versions.js';
import { runInWebKit } from './webkit.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.cache', 'engines');
mkdirSync(outDir, { recursive: true });

const ALL = ['chromium', 'firefox', 'webkit'] as const;
const args = process.argv.slice(2);
const suiteArg = args.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
const suiteDir = suiteArg ? resolve(suiteArg) : contractDir;
const suite = suiteName(suiteDir);
const engines = (args.find((a) => !a.startsWith('--'))?.split(',').filter(Boolean) ?? [...ALL]) as Array<PlaywrightEngine | 'webkit'>;
for (const engine of engines) {
  if (!(ALL as readonly string[]).includes(engine)) {
    console.error(`unknown engine '${engine}'; expected some of ${ALL.join(', ')}`);
    process.exit(2);
  }
}

const started = Date.now();
const server = await startServer();
const reports: Judged[] = [];
const runs: Array<{ judged: Judged; manifest: Manifest | undefined }> = [];
try {
  for (const engine of engines) {
    const bundle = `${suite}-${engine}.mjs`;
    await bundleSuite(suiteDir, 'browser', engine, join(outDir, bundle));
    let outcome: { manifest?: Manifest; report?: Report } = {};
    let problem: string | undefined;
    try {
      const url = `${server.url}/e2e/pages/contract.html?bundle=${bundle}`;
      outcome = await (engine === 'webkit' ? runInWebKit(url, 120_000) : runInPlaywright(engine, url, 120_000));
    } catch (error) {
      problem = String(error);
    }
    if (outcome.manifest) saveManifest(outcome.manifest);
    const judged = judge(suite, engine, outcome.manifest, outcome.report, { backend: 'patch', place: engine });
    if (problem) {
      judged.failed++;
      judged.failures.push({ name: 'driving the browser', error: problem });
    }
    reports.push(judged);
    runs.push({ judged, manifest: outcome.manifest });
  }
} finally {
  await server.close();
}
judgeSameTests(runs);
if (suite === 'contract') saveReports('browsers', reports, Object.fromEntries(engines.map((engine) => [engine, engineVersion(engine)])));
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
printReports('engines', reports);
process.exitCode = allPassed(reports) ? 0 : 1;
