// Next.js gives no hook around a whole request's render: proxy.ts runs apart
// from it, and React renders nested async server components after the page
// has returned. A custom server that runs each request in the request id's
// context reaches all of it.
import { createServer } from 'node:http';
import next from 'next';
import { requestId } from './lib/request-id.mjs';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '127.0.0.1';
// examples/frameworks/run.ts starts the app once with TASKCONTEXT_EXAMPLE_WITHOUT=wrapper, to see its server checks fail.
const wrap = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'wrapper';

const app = next({ dev, hostname, port, webpack: process.argv.includes('--webpack') });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  const id = String(req.headers['x-request-id'] ?? 'none');
  if (wrap) requestId.run(id, () => handle(req, res));
  else handle(req, res);
}).listen(port, hostname, () => console.log(`ready on http://${hostname}:${port}`));
