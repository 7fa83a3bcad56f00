import { join } from 'node:path';
import { build } from 'vite';

/**
 * Builds the sample app into .cache/vite-app/<pid> (one folder per process, so
 * parallel test workers never share one) and returns its path from the repository root.
 */
export async function buildViteApp(): Promise<string> {
  const path = `.cache/vite-app/${process.pid}`;
  await build({
    configFile: join(import.meta.dirname, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir: join(import.meta.dirname, '..', '..', path) },
  });
  return path;
}
