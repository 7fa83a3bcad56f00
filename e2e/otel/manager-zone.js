// The context manager of the zone.js build of e2e/otel/app.js: OpenTelemetry's
// ZoneContextManager, which loads zone.js (zone.js replaces the global Promise
// and patches timers, listeners and XHR as it loads). No taskcontext at all.
import { ZoneContextManager } from '@opentelemetry/context-zone';

export const contextManagerName = 'zone';
export const createContextManager = () => new ZoneContextManager();
