import taskcontext from 'taskcontext/vite';
import { defineConfig, type Plugin } from 'vite';

/** /api/echo?value=…&delay=… for `npx vite examples/otel-web` (the e2e server has its own). */
const echo: Plugin = {
  name: 'otel-web-echo',
  configureServer(server) {
    server.middlewares.use('/api/echo', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ echo: url.searchParams.get('value') }));
      }, Number(url.searchParams.get('delay') ?? '0'));
    });
  },
};

// The taskcontext plugin makes async functions report their awaits, so that the active span survives `await`.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [taskcontext(), echo],
  build: { outDir: '../../.cache/otel-web', emptyOutDir: true, sourcemap: true },
});
