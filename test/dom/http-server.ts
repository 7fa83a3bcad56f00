// A real HTTP server on 127.0.0.1 for XMLHttpRequest tests. happy-dom's page is
// http://localhost:3000, so every request is cross-origin: answer with CORS
// headers. `?delay=ms` holds the answer back, so that two requests can finish
// in the opposite order they were sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const server = http.createServer((request, response) => {
    const delay = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('delay') ?? 0);
    setTimeout(() => {
      response.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'text/plain' });
      response.end(`answer to ${request.url}`);
    }, delay);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a request there fails). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
