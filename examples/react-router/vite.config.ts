import { reactRouter } from '@react-router/dev/vite';
import taskcontext from 'taskcontext/vite';
import { defineConfig } from 'vite';

// examples/frameworks/run.ts builds this app once more with TASKCONTEXT_EXAMPLE_WITHOUT=plugin, to see its click check fail.
const withPlugin = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'plugin';

export default defineConfig({
  // The await plugin rewrites what Vite builds for the browser and leaves the server build alone.
  plugins: [reactRouter(), ...(withPlugin ? [taskcontext()] : [])],
});
