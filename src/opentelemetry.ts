/**
 * `taskcontext/opentelemetry`: an OpenTelemetry ContextManager on taskcontext,
 * for the browser and Node, without zone.js. Needs `@opentelemetry/api`.
 *
 * @packageDocumentation
 * @module taskcontext/opentelemetry
 */
export { TaskContextManager } from './integrations/opentelemetry.js';
