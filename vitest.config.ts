import { defineConfig } from 'vitest/config';
import { pluginFactory } from './src/await-transform/plugin.js';

const taskcontext = pluginFactory('vite');

// Two cores here: at most two workers. Each project is one environment.
export default defineConfig({
  test: {
    maxWorkers: 2,
    // Every skip must name a capability the project is expected to lack (test/portable/expected-profiles.ts).
    reporters: ['default', './test/setup/skips-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/contract/**/*.test.ts', 'test/node/**/*.test.ts'],
        },
      },
      {
        // The same contract files, on the patch layer under happy-dom, built
        // with the await plugin as a browser app would be.
        extends: true,
        plugins: [taskcontext({ include: [/\/test\/contract\/.*\.ts$/] })],
        define: { __TASKCONTEXT_AWAIT_PLUGIN__: 'true', __TASKCONTEXT_GENERATORS__: 'true' },
        test: {
          name: 'contract-patch',
          environment: 'happy-dom',
          include: ['test/contract/**/*.test.ts'],
          setupFiles: ['test/setup/patch-backend.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'happy-dom',
          include: ['test/dom/**/*.test.ts'],
        },
      },
      {
        // Leak tests of the patch layer: WeakRef + globalThis.gc(), so the
        // worker (a forked process) runs with --expose-gc.
        extends: true,
        test: {
          name: 'leak',
          environment: 'happy-dom',
          include: ['test/leak/**/*.test.ts'],
          pool: 'forks',
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
});
