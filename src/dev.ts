/**
 * `taskcontext/dev`: development checks, kept out of the library itself so
 * that production bundles never carry them.
 *
 * @packageDocumentation
 * @module taskcontext/dev
 */
import { active } from './backends/active.js';
import { describe } from './core/checks.js';
import { installAwaitWarning } from './patch/await-warning.js';

/**
 * Reports once when context is lost across a native `await`: code awaited a
 * native promise inside a frame with context, and the code after it will run
 * in the empty frame (code built without the taskcontext/rollup plugin). Only
 * the patch backend (browsers) loses context there; elsewhere this does
 * nothing. It slows every `await` (engines leave their fast path), so use it
 * in development only.
 *
 * @param report receives the message (default: `console.warn`).
 * @returns a function that removes the check.
 */
export function warnOnLostAwait(report: (message: string) => void = (message) => console.warn(message)): () => void {
  if (typeof report !== 'function') {
    throw new TypeError(`warnOnLostAwait: expected a function to report with, got ${describe(report)}`);
  }
  if (active.name !== 'patch') return () => undefined;
  const undos = installAwaitWarning(report);
  return () => {
    for (const undo of undos.reverse()) undo();
    undos.length = 0;
  };
}
