// Turns a Mocha run into a PeerRun: every test's outcome and error, in order.
// Bundled into the runs, on servers and in pages alike.
import type { PeerRun, PeerTest } from './result.js';

export interface MochaRunnable {
  fullTitle(): string;
  /** 'test' or 'hook'. */
  type?: string;
}

export interface MochaRunner {
  total: number;
  on(event: 'pass' | 'pending', listener: (test: MochaRunnable) => void): MochaRunner;
  on(event: 'fail', listener: (test: MochaRunnable, error: unknown) => void): MochaRunner;
  on(event: 'end', listener: () => void): MochaRunner;
}

/**
 * A short, one-line account of a value: an OpenTelemetry Context by its
 * entries (two distinct contexts with the same entries are two copies of
 * ROOT_CONTEXT, say), anything else by type and a little content.
 */
export function brief(value: unknown, depth = 0): string {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? `function ${value.name || '(anonymous)'}` : typeof value === 'string' ? JSON.stringify(value) : String(value);
  const entries = (value as { _currentContext?: unknown })._currentContext;
  if (entries instanceof Map) {
    const shown = [...entries].map(([key, entry]) => `${typeof key === 'symbol' ? key.description : String(key)}=${depth < 2 ? brief(entry, depth + 1) : '…'}`);
    return `Context{${shown.join(', ')}}`;
  }
  return `${value.constructor?.name ?? 'Object'}${depth < 1 ? ` ${JSON.stringify(Object.keys(value).slice(0, 5))}` : ''}`;
}

/** An error in one line: its message's first line and, for an assertion, what it compared. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `thrown ${brief(error)}`;
  let text = `${error.name}: ${error.message.split('\n')[0]}`;
  if ('actual' in error || 'expected' in error) {
    const { actual, expected } = error as Error & { actual?: unknown; expected?: unknown };
    text += ` (actual ${brief(actual)}, expected ${brief(expected)})`;
  }
  return text.slice(0, 400);
}

/** A noop reporter: the runner's events are all that is read. */
export class SilentReporter {
  constructor(readonly runner: MochaRunner) {}
}

export function collect(runner: MochaRunner): Promise<Omit<PeerRun, 'unhandled' | 'backend'>> {
  const entries = new Map<MochaRunnable, PeerTest>();
  const seen = new Map<string, number>();
  const entry = (test: MochaRunnable): PeerTest => {
    let found = entries.get(test);
    if (!found) {
      const base = test.type === 'hook' ? `(hook) ${test.fullTitle()}` : test.fullTitle();
      const count = (seen.get(base) ?? 0) + 1;
      seen.set(base, count);
      found = { title: count > 1 ? `${base} (${count})` : base, state: 'pending' };
      entries.set(test, found);
    }
    return found;
  };
  return new Promise((resolve) => {
    runner
      .on('pass', (test) => void (entry(test).state = 'passed'))
      .on('pending', (test) => void (entry(test).state = 'pending'))
      // Also after a pass: Mocha reports a late error (a second done(), an async throw) on the test it belongs to.
      .on('fail', (test, error) => {
        const found = entry(test);
        found.error ??= describeError(error);
        found.state = 'failed';
      })
      .on('end', () => resolve({ total: runner.total, tests: [...entries.values()] }));
  });
}
