/**
 * An SSR-style `node:http` server: each request runs as its own task with
 * `context.run({ requestId }, …)`, and the request id follows the work through
 * a timer, a promise chain, streams and a helper deep in the call stack that
 * never receives it as an argument.
 *
 *   npx tsx examples/ssr-server.ts          # listen on 127.0.0.1:3000 (PORT overrides)
 *   npx tsx examples/ssr-server.ts --demo   # 5 concurrent requests, print, exit
 *
 * Each response is JSON `{ requestId, seen }`: `seen` holds the request id
 * that each step (in the order of `STEPS`) read from the context.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Readable, Transform } from 'node:stream';
import { Context } from 'taskcontext';
import { listen, runIfMain } from './cli.js';

/** One context for the whole app; each request's task sees its own dict. */
const context = new Context<{ requestId: string }>({ name: 'request' });

/** What every step reads: the request id of the task it runs in. */
function currentRequestId(): string {
  return context.get('requestId', '<none>');
}

/** The names of the entries of `seen`, in order. */
export const STEPS = [
  'timer',
  'promise chain',
  'request body (for await)',
  'stream transform',
  'nested helper',
] as const;

/** A timer with a small random delay, so that concurrent requests interleave. */
async function timerStep(): Promise<string> {
  await new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 10));
  return currentRequestId();
}

/** A chain of `.then` callbacks, each one a separate microtask. */
function promiseChainStep(): Promise<string> {
  return Promise.resolve()
    .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
    .then(() => Math.random())
    .then(() => currentRequestId());
}

/** Reads the request body: its chunks come from the socket, outside the task. */
async function requestBodyStep(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return currentRequestId();
}

/**
 * Pipes a Readable through a Transform and reads it back: the transform
 * callback is called by stream internals, and tags each chunk with the id it
 * sees there. All chunks must agree, otherwise the step reports the mix.
 */
async function streamStep(): Promise<string> {
  const tagger = new Transform({
    objectMode: true,
    transform(chunk: string, _encoding, callback) {
      setTimeout(() => callback(null, `${chunk}:${currentRequestId()}`), Math.random() * 3);
    },
  });
  const tags: string[] = [];
  for await (const tagged of Readable.from(['head', 'body', 'footer']).pipe(tagger)) {
    tags.push(String(tagged).split(':').slice(1).join(':'));
  }
  const ids = new Set(tags);
  return ids.size === 1 ? [...ids][0]! : `mixed(${tags.join('|')})`;
}

/** The "render" tree: the id is read three calls down, across awaits. */
async function nestedHelperStep(): Promise<string> {
  return renderPage();
}
async function renderPage(): Promise<string> {
  await new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 5));
  return renderHeader();
}
async function renderHeader(): Promise<string> {
  await Promise.resolve();
  return renderRequestBadge();
}
function renderRequestBadge(): string {
  return currentRequestId();
}

/** The request's task: every step, in order, then the JSON response. */
async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const seen: string[] = [];
  seen.push(await timerStep());
  seen.push(await promiseChainStep());
  seen.push(await requestBodyStep(req));
  seen.push(await streamStep());
  seen.push(await nestedHelperStep());
  const body = JSON.stringify({ requestId: currentRequestId(), seen });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The app's server, not yet listening. */
export function createAppServer(): http.Server {
  return http.createServer((req, res) => {
    const header = req.headers['x-request-id'];
    const requestId = (Array.isArray(header) ? header[0] : header) || randomUUID();
    // One task per request: everything `handle` starts carries this requestId.
    context.run({ requestId }, handle, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
}

/** What the server answers: the request id it saw, and what each step saw. */
export interface Reply {
  status: number;
  body: { requestId: string; seen: string[] };
}

/** Sends one request with a body and `x-request-id`; resolves with the parsed JSON reply. */
export function sendRequest(port: number, requestId: string, agent?: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, agent, method: 'POST', path: '/', headers: { 'x-request-id': requestId } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (error) {
            reject(new Error(`request ${requestId}: HTTP ${res.statusCode}, not JSON: ${text}`, { cause: error }));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    // A body, so that the server's "request body" step has chunks to read.
    req.end(`payload of ${requestId}`);
  });
}

async function demo(): Promise<void> {
  const server = createAppServer();
  const port = await listen(server, 0);
  const ids = ['1', '2', '3', '4', '5'];
  // All five in flight at once: their steps interleave on the event loop.
  const replies = await Promise.all(ids.map((id) => sendRequest(port, id)));
  replies.forEach(({ body: response }, i) => {
    console.log(`request ${ids[i]} → requestId ${response.requestId}, seen ${response.seen.join(',')}`);
  });
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

async function serve(): Promise<void> {
  const server = createAppServer();
  const port = await listen(server, Number(process.env.PORT ?? 3000));
  console.log(`SSR example listening on http://127.0.0.1:${port}/ (send an x-request-id header, or get a generated one)`);
}

runIfMain(import.meta.url, demo, serve);
