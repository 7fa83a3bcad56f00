/**
 * `import 'taskcontext/polyfill'` (or `<script src="taskcontext.polyfill.umd.min.js">`):
 * defines the global `AsyncContext` as the TC39 proposal's global would be,
 * where the engine has none.
 *
 * - The global property is writable, configurable and not enumerable, like
 *   every global the language defines; `AsyncContext.Variable` and
 *   `AsyncContext.Snapshot` likewise; `@@toStringTag` is `'AsyncContext'`.
 * - An `AsyncContext` already there (a native one, or another polyfill) is
 *   left alone, and then nothing else happens either.
 * - Where the backend is `'patch'` (browsers, web workers) it installs the
 *   patch layer (`install()`, default options): the proposal's
 *   `AsyncContext` propagates through promises, timers and listeners, so a
 *   polyfill that did not would not be one. Where the backend is `'als'`
 *   (servers) the runtime carries context, except into FinalizationRegistry
 *   cleanup callbacks: only that constructor is patched there (and, through
 *   `install()`, generators built with the await plugin get their creation frame).
 * - `installed()` lists what it put in place, and `uninstall()` takes it all
 *   back, the global `AsyncContext` included.
 *
 * @packageDocumentation
 * @module taskcontext/polyfill
 */
import { AsyncContext as Namespace } from './api/async-context.js';
import { install } from './api/install.js';
import { defineValue } from './instrument/instrument.js';
import { record } from './instrument/ledger.js';
import { patchFinalizationRegistry } from './patch/finalization-registry.js';

declare global {
  /** The TC39 `AsyncContext` namespace (taskcontext's where the engine has none). */
  var AsyncContext: typeof Namespace;
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace AsyncContext {
    type Variable<T = unknown> = import('./api/variable.js').Variable<T>;
    type Snapshot = import('./api/snapshot.js').Snapshot;
  }
}

if (!Object.hasOwn(globalThis, 'AsyncContext')) {
  record('polyfill', [defineValue(globalThis, 'AsyncContext', Namespace)]);
  // Servers ('als') carry context through promises and timers, but not into
  // FinalizationRegistry cleanup callbacks (measured on Node 20): that one
  // patch the proposal's semantics need there too.
  if (!install()) record('polyfill', patchFinalizationRegistry(false));
}
