import node from '@astrojs/node';
import react from '@astrojs/react';
import { defineConfig } from 'astro/config';
import taskcontext from 'taskcontext/vite';

// examples/frameworks/run.ts builds this app once more with TASKCONTEXT_EXAMPLE_WITHOUT=plugin, to see its click check fail.
const withPlugin = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'plugin';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  integrations: [react()],
  // The await plugin rewrites what Vite builds for the browser (the island, the <script>s) and leaves the server's modules alone.
  vite: { plugins: withPlugin ? [taskcontext()] : [] },
});
