/**
 * The development UMD bundle (`taskcontext.dev.umd.js`): everything in
 * `taskcontext`, plus the development checks of `taskcontext/dev`.
 *
 * @packageDocumentation
 */
export * from './index.js';
export { warnOnLostAwait } from './dev.js';
