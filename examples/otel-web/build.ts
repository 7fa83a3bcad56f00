import { join } from 'node:path';
import { build } from 'vite';

/**
 * Builds the OpenTelemetry sample page into .cache/otel-web/<pid> (one folder
 * per process, so parallel test workers never share one) and returns its path
 * from the repository root.
 */
export async function buildOtelWeb(): Promise<string> {
  const path = `.cache/otel-web/${process.pid}`;
  await build({
    configFile: join(import.meta.dirname, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: join(import.meta.dirname, '..', '..', path) },
  });
  return path;
}
