/**
 * The core UMD bundle (`taskcontext.core.umd.min.js`, global `TaskContext`):
 * the TC39 `AsyncContext` API and the browser patch layer, without the
 * `Context` dict API and the `AsyncLocalStorage` class. For pages that only
 * need `AsyncContext.Variable` / `Snapshot`, at the smallest size.
 *
 * @packageDocumentation
 */
// The order of the exports is the order of the modules in the bundle: this one gzips smallest (measured).
export { Variable, type VariableOptions } from './api/variable.js';
export { AsyncContext } from './api/async-context.js';
export { install, installed, uninstall, type EventPolicy, type Installation, type InstalledProperty, type InstallOptions } from './api/install.js';
export { ContextError } from './core/errors.js';
export { Snapshot } from './api/snapshot.js';
