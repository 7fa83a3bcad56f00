/**
 * `taskcontext/dev`: development checks, kept out of the library itself so
 * that production bundles never carry them.
 *
 * @packageDocumentation
 * @module taskcontext/dev
 */
import { describe } from './core/describe.js';
import { placed, record, takeBack } from './instrument/ledger.js';
import { installAwaitWarning } from './patch/await-warning.js';
import { backendName } from './seam/seam.js';

/**
 * Reports once when context is lost across a native `await`: code awaited a
 * native promise inside a frame with context, and the code after it will run
 * in the empty frame (code built without a taskcontext bundler plugin). Only
 * the patch backend (browsers) loses context there; elsewhere this does
 * nothing. It slows every `await` (engines leave their fast path), so use it
 * in development only.
 *
 * @param report receives the message (default: `console.warn`).
 * @returns a function that removes the check (`uninstall()` removes it too).
 */
export function warnOnLostAwait(report: (message: string) => void = (message) => console.warn(message)): () => void {
  if (typeof report !== 'function') {
    throw new TypeError(`warnOnLostAwait: expected a function to report with, got ${describe(report)}`);
  }
  if (backendName() !== 'patch') return () => undefined;
  takeBack('dev'); // one check at a time: the newest report function hears it
  const changes = installAwaitWarning(report);
  record('dev', changes);
  // Removes this check, not a newer one that replaced it.
  return () => {
    if (placed.some((entry) => entry === changes[0])) takeBack('dev');
  };
}
