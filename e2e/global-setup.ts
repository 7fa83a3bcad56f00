import { ensureOtelSet, OTEL_SETS } from './otel/sets.js';

// Playwright's global set-up: the OpenTelemetry package sets are installed
// here, one after the other in one process, before any worker starts. Installed
// from inside the tests, two workers' first `npm ci` of the same set once
// overlapped on a fresh checkout (one emptied node_modules under the other).
export default async function globalSetup(): Promise<void> {
  for (const set of OTEL_SETS) await ensureOtelSet(set);
}
