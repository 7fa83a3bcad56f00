// Runs a server bundle (bundle.ts) on Node, Bun or Deno, each found as the
// runtime suites find them (test/runtimes/binaries.ts), and reads its
// PEER-RESULT line.
import { findBinary, versionOf } from '../../../test/runtimes/binaries.js';
import { run } from '../../../test/runtimes/processes.js';
import type { PeerRun } from './result.js';

export const SERVER_ENGINES = ['node', 'bun', 'deno'] as const;
export type ServerEngine = (typeof SERVER_ENGINES)[number];

const TIMEOUT_MS = 120_000;

/** The command line that runs a bundle on `engine`. */
function command(engine: ServerEngine): { file: string; args: string[] } {
  if (engine === 'node') return { file: process.execPath, args: [] };
  const found = findBinary(engine);
  if (!found.path) throw new Error(`no ${engine} executable (looked at ${found.looked.join(', ')}); npm ci installs it`);
  // Deno: the bundle reads the environment (Mocha's colour detection) and files (source maps); nothing else.
  return engine === 'bun' ? { file: found.path, args: ['run'] } : { file: found.path, args: ['run', '--no-prompt', '--no-config', '--no-lock', '--allow-env', '--allow-read'] };
}

export function serverVersion(engine: ServerEngine): string {
  if (engine === 'node') return `node ${process.version}`;
  const { file } = command(engine);
  return engine === 'bun' ? `bun ${versionOf(file)}` : versionOf(file);
}

function tail(text: string, chars = 1500): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `…${trimmed.slice(-chars)}` : trimmed;
}

/** The run's result, or an error saying why there is none. */
export async function runOnServer(engine: ServerEngine, bundle: string, cwd: string): Promise<PeerRun> {
  const { file, args } = command(engine);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.NODE_OPTIONS; // tsx's loader is for this process, not for the runtime under test
  const result = await run(file, [...args, bundle], { cwd, env, timeoutMs: TIMEOUT_MS });
  const line = result.stdout.split('\n').find((l) => l.startsWith('PEER-RESULT '));
  if (line && result.code === 0) return JSON.parse(line.slice('PEER-RESULT '.length)) as PeerRun;
  const how = result.timedOut ? `killed after ${TIMEOUT_MS} ms` : `exited with ${result.signal ?? `code ${result.code}`}`;
  throw new Error(`${engine}: ${how}${line ? '' : ', no PEER-RESULT line'}\n${tail(result.stderr + result.stdout)}`);
}
