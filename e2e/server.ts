import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

// A static server on 127.0.0.1 for the e2e pages: the repository's files
// (dist/, e2e/pages/) plus a few endpoints the pages call with fetch and XHR.

const root = join(import.meta.dirname, '..');
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  let orders = 0;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/echo') {
      // Answers after a delay, so that requests overlap.
      const delay = Number(url.searchParams.get('delay') ?? '0');
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        // What the page traced: the traceparent header OpenTelemetry's fetch and XHR instrumentations sent.
        res.end(JSON.stringify({ echo: url.searchParams.get('value'), step: url.searchParams.get('step'), traceparent: req.headers.traceparent ?? null }));
      }, delay);
      return;
    }
    if (url.pathname === '/api/buy') {
      // The cookbook's Buy recipes: an order number; odd orders answer late, even ones early, so that two clicks' continuations cross.
      const order = ++orders;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ order }));
      }, order % 2 === 1 ? 60 : 5);
      return;
    }
    const file = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
