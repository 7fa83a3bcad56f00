// npm run test:engines — the contract suite (test/contract/, the files vitest
// runs) inside real pages in Chromium and Firefox (and WebKit: webkit.ts), with
// the patch layer installed. Prints per engine what passed, failed, skipped.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../e2e/server.js';
import { bundleContractSuite } from '../portable/bundle.js';
import type { Report } from '../portable/run.js';
import { runInPlaywright, type PlaywrightEngine } from './browsers.js';
import { printReports, saveReports, totals } from './report.js';
import { runInWebKit } from './webkit.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.cache', 'engines');
mkdirSync(outDir, { recursive: true });

const engines = (process.argv[2]?.split(',') ?? ['chromium', 'firefox', 'webkit']) as Array<PlaywrightEngine | 'webkit'>;
const server = await startServer();
const reports: Report[] = [];
try {
  for (const engine of engines) {
    const bundle = `contract-${engine}.mjs`;
    await bundleContractSuite('browser', engine, join(outDir, bundle));
    try {
      const url = `${server.url}/e2e/pages/contract.html?bundle=${bundle}`;
      reports.push(await (engine === 'webkit' ? runInWebKit(url, 120_000) : runInPlaywright(engine, url, 120_000)));
    } catch (error) {
      reports.push({ engine, passed: 0, failed: 1, skipped: 0, skips: [], failures: [{ name: 'driving the browser', error: String(error) }] });
    }
  }
} finally {
  await server.close();
}
printReports(reports);
saveReports('browsers', reports, Object.fromEntries(engines.map((engine) => [engine, engineVersion(engine)])));
const { passed, failed, skipped } = totals(reports);
console.log(`engines: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;

/** The installed browser's version, from Debian's binaries and packages. */
function engineVersion(engine: string): string {
  const read = (file: string, args: string[]): string => {
    try {
      return execFileSync(file, args, { encoding: 'utf8', timeout: 10_000 }).trim();
    } catch {
      return '';
    }
  };
  if (engine === 'chromium') return read('/usr/bin/chromium', ['--version']).replace(/ built on.*/, '');
  if (engine === 'firefox') return read('/usr/bin/firefox-esr', ['--version']);
  return `WebKitGTK ${read('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'])}`;
}
