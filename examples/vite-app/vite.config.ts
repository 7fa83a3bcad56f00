import taskcontext from 'taskcontext/vite';
import { defineConfig } from 'vite';

// The plugin makes async functions report their awaits, so that context survives `await` in the browser.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [taskcontext()],
  build: { outDir: '../../.cache/vite-app', emptyOutDir: true, sourcemap: true },
});
