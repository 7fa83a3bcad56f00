import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onceAcrossProcesses } from '../once.js';

// The two OpenTelemetry sets the web scenarios run on, each installed as an app
// installs it, in its own folder with its own package.json and lock:
//
//   2.x  the 2.x line: sdk-trace-web 2.12, context-zone 2.12, the 0.2xx
//        instrumentations; @opentelemetry/api 1.9.1, every peer range satisfied.
//   3.x  the newest packages: the 3.x SDK (sdk-trace 3.1, core 3.1), fetch 0.300
//        and document-load 0.69 with api 1.10; user-interaction, xml-http-request,
//        long-task and context-zone exist on the 2.x line only, and npm installs
//        them by overriding their peer range (api < 1.10): `npm warn ERESOLVE
//        overriding peer dependency`, `npm ls` calls them invalid.
//
// They cannot share the repository's node_modules (api 1.9.1 against 1.10.0),
// and the 2.x-only packages would make the root's `npm ls` invalid: each set
// is installed on first use with `npm ci` (pinned by its lock), again when its
// lock changes.

export const OTEL_SETS = ['2.x', '3.x'] as const;
export type OtelSet = (typeof OTEL_SETS)[number];

export const setDir = (set: OtelSet): string => join(import.meta.dirname, 'sets', set);

/** The lock's hash, written into node_modules once `npm ci` succeeded. */
const lockHash = (set: OtelSet): string => createHash('sha256').update(readFileSync(join(setDir(set), 'package-lock.json'))).digest('hex');
const stampFile = (set: OtelSet): string => join(setDir(set), 'node_modules', '.taskcontext-lock-hash');
const isInstalled = (set: OtelSet): boolean => existsSync(stampFile(set)) && readFileSync(stampFile(set), 'utf8') === lockHash(set);

const installs = new Map<OtelSet, Promise<string>>();

/**
 * Installs `set` unless it is installed at its lock's versions; resolves with
 * its folder. One installer at a time across processes (Playwright's workers,
 * the WebKit runner): the others wait for its stamp (e2e/once.ts).
 */
export function ensureOtelSet(set: OtelSet): Promise<string> {
  let install = installs.get(set);
  if (!install) {
    install = installOnce(set);
    installs.set(set, install);
    install.catch(() => installs.delete(set));
  }
  return install;
}

async function installOnce(set: OtelSet): Promise<string> {
  const dir = setDir(set);
  await onceAcrossProcesses(
    join(dir, '.installing'),
    () => isInstalled(set),
    () => {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
      writeFileSync(stampFile(set), lockHash(set));
    },
    `e2e/otel/sets.ts: the ${set} set`,
    300_000,
  );
  return dir;
}

/** The installed version of `name` in `set` (for the report). */
export function versionIn(set: OtelSet, name: string): string {
  return (JSON.parse(readFileSync(join(setDir(set), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}
