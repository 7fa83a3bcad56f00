/**
 * The SSR example under load: 1,000 requests in flight at once, each with its
 * own x-request-id. Every step of every request (timer, promise chain, request
 * body, stream transform, nested helper) must see its own request's id: a
 * value bleeding from one request into another, or lost on the way, is exactly
 * what a server author would notice in their logs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer, sendRequest, STEPS, type Reply } from '../../examples/ssr-server.js';

const REQUESTS = 1000;

let server: http.Server;
let port: number;
// Enough sockets for every request at once (no keep-alive: one connection each).
const agent = new http.Agent({ keepAlive: false, maxSockets: REQUESTS });
/** How many requests the server was handling at the same time, at most. */
let maxInFlight = 0;

beforeAll(async () => {
  server = createAppServer();
  let inFlight = 0;
  server.on('request', (_req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
  });
  // A backlog above REQUESTS so that no connection waits on a SYN retry.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, resolve);
  });
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function send(requestId: string): Promise<Reply> {
  return sendRequest(port, requestId, agent);
}

describe('SSR example: request ids under 1,000 concurrent requests', () => {
  it(
    'gives every request back its own id at every step, none lost, none mixed',
    async () => {
      const ids = Array.from({ length: REQUESTS }, (_, i) => `req-${i}-${Math.random().toString(36).slice(2, 8)}`);
      // All requests are sent before any is awaited: they are all in flight together.
      const replies = await Promise.all(ids.map(send));

      // Each reply: 200, its own id, and its own id at each step. The message
      // names the step, so a failure says where the context was lost.
      const wrong: string[] = [];
      replies.forEach((reply, i) => {
        const sent = ids[i]!;
        if (reply.status !== 200) wrong.push(`${sent}: HTTP ${reply.status}`);
        if (reply.body.requestId !== sent) wrong.push(`${sent}: requestId ${reply.body.requestId}`);
        if (reply.body.seen.length !== STEPS.length) wrong.push(`${sent}: ${reply.body.seen.length} steps`);
        reply.body.seen.forEach((seen, step) => {
          if (seen !== sent) wrong.push(`${sent}: step "${STEPS[step]}" saw ${seen}`);
        });
      });
      expect(wrong.slice(0, 20), `${wrong.length} wrong values`).toEqual([]);

      // None lost, none duplicated: exactly the 1,000 ids that were sent.
      const returned = new Set(replies.map((r) => r.body.requestId));
      expect(returned.size).toBe(REQUESTS);
      expect([...returned].sort()).toEqual([...ids].sort());

      // The check means something only if requests really overlapped on the
      // server; serialized requests could not bleed into each other. (Typically
      // 100+ here; kept low so a busy machine does not make it flaky.)
      expect(maxInFlight).toBeGreaterThanOrEqual(10);
    },
    30_000,
  );
});
