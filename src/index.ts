/**
 * taskcontext: context (a request id, a trace span, a user) carried through
 * asynchronous code in every JavaScript runtime.
 *
 * @packageDocumentation
 * @module taskcontext
 */
// The order of the exports is the order of the modules in the bundles: this one gzips smallest (measured).
export { Context, type ContextOptions, type ContextSchema, type ContextValues } from './api/context.js';
export { Variable, type VariableConstructor, type VariableOptions } from './api/variable.js';
export { AsyncContext } from './api/async-context.js';
export { AsyncLocalStorage, type AsyncLocalStorageConstructor, type AsyncLocalStorageOptions } from './api/async-local-storage.js';
export type { BackendName } from './core/backend.js';
export { Snapshot } from './api/snapshot.js';
export { runTask } from './api/run-task.js';
// `export *`: the <script> bundles take api/async-resource.browser.ts, which exports nothing (scripts/build-variants.mjs).
export * from './api/async-resource.js';
export { backend, useBackend } from './api/backend.js';
export { ContextError } from './core/errors.js';
export { install, installed, uninstall, wrapTaskFactory, type EventPolicy, type Installation, type InstalledProperty, type InstallOptions } from './api/install.js';
