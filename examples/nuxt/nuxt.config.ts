import taskcontext from 'taskcontext/vite';

// examples/frameworks/run.ts builds this app once more with TASKCONTEXT_EXAMPLE_WITHOUT=plugin, to see its click check fail.
const withPlugin = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'plugin';

export default defineNuxtConfig({
  compatibilityDate: '2026-12-01',
  devtools: { enabled: false },
  telemetry: false,
  // The await plugin rewrites what Vite builds for the browser and leaves the server's modules alone
  // (in dev one instance serves both: it decides for each module).
  vite: { plugins: withPlugin ? [taskcontext()] : [] },
});
