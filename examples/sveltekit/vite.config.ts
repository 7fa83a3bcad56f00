import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import taskcontext from 'taskcontext/vite';
import { defineConfig } from 'vite';

// examples/frameworks/run.ts builds this app once more with TASKCONTEXT_EXAMPLE_WITHOUT=plugin, to see its click check fail.
const withPlugin = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'plugin';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
      // `await` in components (the server renders them after the page's load) and remote functions (their data).
      compilerOptions: { experimental: { async: true } },
      experimental: { remoteFunctions: true },
    }),
    // After sveltekit(): the await plugin rewrites the compiled components' JavaScript for the browser, not the server's.
    ...(withPlugin ? [taskcontext()] : []),
  ],
});
