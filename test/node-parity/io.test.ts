// The store reaches the callbacks and event listeners of Node's I/O modules
// (HTTP, HTTP agents, TCP, UDP, TLS, streams) when the request, socket or
// stream was made inside run. Every server listens on 127.0.0.1, port 0.
import * as dgram from 'node:dgram';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';
import { finished, Readable } from 'node:stream';
import * as tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { itNeeds } from './capabilities.js';
import { deferred } from './helpers.js';
import { AsyncLocalStorage } from './subject.js';
import { localhostCertificate, localhostKey } from './tls-fixture.js';

const HOST = '127.0.0.1';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('HTTP (test-async-local-storage-http, -http-agent, -http-multiclients)', () => {
  it('the response callback of http.get sees the store of the run it was called in', async () => {
    const storage = new AsyncLocalStorage<Map<string, string>>();
    const server = http.createServer((_req, res) => res.end('ok'));
    const port = await listen(server);
    try {
      const seen = deferred<unknown>();
      storage.run(new Map([['hello', 'world']]), () => {
        http.get({ host: HOST, port }, (res) => {
          seen.resolve(storage.getStore()?.get('hello'));
          res.resume();
        });
      });
      expect(await seen.promise).toBe('world');
    } finally {
      await close(server);
    }
  });

  it('three requests queued on an agent with one socket: each response callback sees its own run\'s store', async () => {
    const storage = new AsyncLocalStorage<number>();
    const server = http.createServer((_req, res) => res.end('ok'));
    const port = await listen(server);
    const agent = new http.Agent({ maxSockets: 1 });
    try {
      const responses = [0, 1, 2].map((i) =>
        storage.run(i, () => {
          const seen = deferred<unknown>();
          http.get({ agent, host: HOST, port }, (res) => {
            seen.resolve(storage.getStore());
            res.resume();
          });
          return seen.promise;
        }),
      );
      expect(await Promise.all(responses)).toEqual([0, 1, 2]);
    } finally {
      agent.destroy();
      await close(server);
    }
  });

  it('ten concurrent clients reading large responses in chunks: every data and end listener sees its own client\'s store', async () => {
    const storage = new AsyncLocalStorage<{ data: string; chunks: number }>();
    let served = 0;
    // Large enough to arrive in many chunks, so that the listeners run many times, interleaved.
    const server = http.createServer((_req, res) => res.end(String(served++ % 10).repeat(256 * 1024)));
    const port = await listen(server);
    // Module-level listeners in Node's test: they know their client only through the store.
    function onData(this: unknown, chunk: string): void {
      const store = storage.getStore();
      if (store) {
        store.data += chunk;
        store.chunks++;
      }
    }
    try {
      const clients = Array.from({ length: 10 }, () =>
        storage.run({ data: '', chunks: 0 }, () => {
          const ended = deferred<{ data: string; chunks: number } | undefined>();
          http
            .get({ host: HOST, port }, (res) => {
              res.setEncoding('utf8');
              res.on('data', onData);
              res.on('end', () => ended.resolve(storage.getStore()));
            })
            .on('error', ended.reject);
          return ended.promise;
        }),
      );
      const stores = await Promise.all(clients);
      for (const store of stores) {
        expect(store, 'the end listener saw no store').toBeDefined();
        expect(store!.data.length).toBe(256 * 1024);
        expect(store!.data, 'one response per store, not mixed with another client\'s').toBe(store!.data[0]!.repeat(store!.data.length));
        expect(store!.chunks).toBeGreaterThan(1);
      }
      expect(new Set(stores.map((store) => store!.data[0])).size).toBe(10);
    } finally {
      await close(server);
    }
  });
});

describe('sockets (test-async-local-storage-socket, -tlssocket, -dgram)', () => {
  itNeeds('tcpContext', 'a TCP client made inside run: its data listener sees the store', async () => {
    const server = net.createServer((socket) => socket.end('Hello, world!'));
    const port = await listen(server);
    try {
      const storage = new AsyncLocalStorage<object>();
      const store = { val: 'abcd' };
      const seen = deferred<unknown>();
      storage.run(store, () => {
        const client = net.connect({ host: HOST, port });
        client.on('data', () => {
          seen.resolve(storage.getStore());
          client.end();
        });
        client.on('error', seen.reject);
      });
      expect(await seen.promise).toBe(store);
    } finally {
      await close(server);
    }
  });

  itNeeds('tlsContext', 'a TLS client made inside run: its data listener sees the store', async () => {
    const server = tls.createServer({ key: localhostKey, cert: localhostCertificate }, (socket) => socket.end('Hello, world!'));
    const port = await listen(server);
    try {
      const storage = new AsyncLocalStorage<object>();
      const store = { val: 'abcd' };
      const seen = deferred<unknown>();
      storage.run(store, () => {
        const client = tls.connect({ host: HOST, port, ca: localhostCertificate, servername: 'localhost' });
        client.on('data', () => {
          seen.resolve(storage.getStore());
          client.end();
        });
        client.on('error', seen.reject);
      });
      expect(await seen.promise).toBe(store);
    } finally {
      await close(server);
    }
  });

  it('a UDP socket made inside run: its message listener sees the store', async () => {
    const echo = dgram.createSocket('udp4');
    echo.on('message', (message, remote) => echo.send(message, remote.port, remote.address));
    await new Promise<void>((resolve) => echo.bind(0, HOST, () => resolve()));
    const storage = new AsyncLocalStorage<object>();
    const store = { val: 'abcd' };
    const seen = deferred<unknown>();
    let client: dgram.Socket | undefined;
    try {
      storage.run(store, () => {
        client = dgram.createSocket('udp4');
        client.on('message', () => seen.resolve(storage.getStore()));
        client.on('error', seen.reject);
        client.bind(0, HOST, () => client!.send('Hello, world!', echo.address().port, HOST));
      });
      expect(await seen.promise).toBe(store);
    } finally {
      client?.close();
      echo.close();
    }
  });
});

describe('streams (test-async-local-storage-stream-finished)', () => {
  itNeeds('streamFinishedContext', 'the callback of stream.finished sees the store of the run it was registered in, though the stream ends outside it', async () => {
    const storage = new AsyncLocalStorage<number>();
    const readable = new Readable({ read() {} });
    const seen = deferred<unknown>();
    storage.run(321, () => {
      finished(readable, () => seen.resolve(storage.getStore()));
    });
    readable.destroy();
    expect(await seen.promise).toBe(321);
  });
});
