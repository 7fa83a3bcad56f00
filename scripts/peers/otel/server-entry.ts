// Bundled first into a server run (Node, Bun, Deno): Mocha's BDD globals, set
// before the peer's test file registers its suites; then `run()` prints the
// outcome as one PEER-RESULT line.
import process from 'node:process';
import Mocha from 'mocha';
import { collect, describeError, SilentReporter } from './collect.js';
import type { PeerRun } from './result.js';

/** The suite to run: set by the bundler (esbuild's define). */
declare const __PEER_GREP__: string;

const unhandled: unknown[] = [];
// Mocha re-emits a rejection it did not cause with its own listener off: this one hears it (once).
process.on('unhandledRejection', (reason) => void (unhandled.includes(reason) || unhandled.push(reason)));

const mocha = new Mocha({ ui: 'bdd', timeout: 10_000, grep: new RegExp(__PEER_GREP__), reporter: SilentReporter });
mocha.suite.emit('pre-require', globalThis, 'peer.test.ts', mocha);

export async function run(): Promise<void> {
  const outcome = await collect(mocha.run());
  const backend = (globalThis as { __peerBackend?: string }).__peerBackend ?? null;
  const result: PeerRun = { ...outcome, unhandled: unhandled.map((reason) => `unhandled rejection ${describeError(reason)}`), backend };
  process.stdout.write(`PEER-RESULT ${JSON.stringify(result)}\n`);
  // Timers a test left behind must not keep the runtime up.
  process.exit(0);
}
