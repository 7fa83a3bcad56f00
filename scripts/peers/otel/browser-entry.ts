// Bundled first into a page run: Mocha's browser build (loaded by the page
// before this bundle) set up for BDD, before the peer's test file registers
// its suites; then `run()` publishes the outcome as window.__peerResult.
import { collect, describeError, SilentReporter, type MochaRunner } from './collect.js';
import type { PeerRun } from './result.js';

/** The suite to run: set by the bundler (esbuild's define). */
declare const __PEER_GREP__: string;

interface BrowserMocha {
  setup(options: { ui: 'bdd'; timeout: number; grep: RegExp; reporter: new (runner: MochaRunner) => unknown }): void;
  run(): MochaRunner;
}
const { mocha } = globalThis as unknown as { mocha: BrowserMocha };

const unhandled: string[] = [];
window.addEventListener('unhandledrejection', (event) => unhandled.push(`unhandled rejection ${describeError(event.reason)}`));

mocha.setup({ ui: 'bdd', timeout: 10_000, grep: new RegExp(__PEER_GREP__), reporter: SilentReporter });

export function run(): void {
  const result = collect(mocha.run()).then(
    (outcome): PeerRun => ({ ...outcome, unhandled, backend: (globalThis as { __peerBackend?: string }).__peerBackend ?? null }),
  );
  (window as unknown as { __peerResult: Promise<PeerRun> }).__peerResult = result;
}
