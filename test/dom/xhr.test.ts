// XMLHttpRequest events, with happy-dom's XMLHttpRequest talking to a real
// HTTP server on 127.0.0.1. 'registration': listeners run in the frame of
// addEventListener. 'dispatch': every event of a request runs in the frame
// where send() was called, whoever registered the listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, frame, inFrame, seen } from './frames.js';
import { closedPortUrl, startServer, type TestServer } from './http-server.js';

usePatchLayer();

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

interface Request {
  xhr: XMLHttpRequest;
  /** `"<event type> <frame>"` for each event listened to, in order. */
  log: string[];
  /** Resolves at loadend. */
  done: Promise<string[]>;
}

/** A request with listeners for `types` added now (in the current frame), opened but not sent. */
function request(path: string, types: string[] = ['loadstart', 'load', 'loadend']): Request {
  const xhr = new XMLHttpRequest();
  const log: string[] = [];
  const done = new Promise<string[]>((resolve) => {
    for (const type of types) xhr.addEventListener(type, () => log.push(`${type} ${seen()}`));
    xhr.addEventListener('loadend', () => resolve(log));
  });
  xhr.open('GET', `${server.url}${path}`);
  return { xhr, log, done };
}

const events = (types: string[], seenAs: string): string[] => types.map((type) => `${type} ${seenAs}`);

describe("events: 'registration'", () => {
  it('each request\'s listeners run in the frame of addEventListener, not of send(), even when they finish in reverse order', async () => {
    install();
    const slow = inFrame('A', () => request('/slow?delay=40'));
    const fast = inFrame('B', () => request('/fast'));
    inFrame('C', () => slow.xhr.send());
    inFrame('C', () => fast.xhr.send());
    const [slowLog, fastLog] = await Promise.all([slow.done, fast.done]);
    expect(slowLog).toEqual(events(['loadstart', 'load', 'loadend'], frame('A')));
    expect(fastLog).toEqual(events(['loadstart', 'load', 'loadend'], frame('B')));
    expect(slow.xhr.responseText).toBe('answer to /slow?delay=40');
  });

  // happy-dom defines xhr.onload & co. on XMLHttpRequestEventTarget.prototype
  // and exposes no XMLHttpRequestEventTarget global: the patch finds the
  // accessors along XMLHttpRequest's prototype chain.
  it('xhr.onload runs in the frame of the assignment', async () => {
    install();
    const xhr = new XMLHttpRequest();
    const loaded = new Promise<string>((resolve) => inFrame('A', () => (xhr.onload = () => resolve(seen()))));
    xhr.open('GET', `${server.url}/onload`);
    inFrame('C', () => xhr.send());
    expect(await loaded).toBe(frame('A'));
  });
});

describe("events: 'dispatch'", () => {
  it('every event of a request runs in the frame of its send(), whoever added the listener', async () => {
    install({ events: 'dispatch' });
    const types = ['loadstart', 'readystatechange', 'progress', 'load', 'loadend'];
    const slow = inFrame('A', () => request('/slow?delay=40', types));
    const fast = request('/fast', types); // listeners added outside any run
    const unsent = inFrame('A', () => request('/outside', types));
    inFrame('B1', () => slow.xhr.send());
    inFrame('B2', () => fast.xhr.send());
    unsent.xhr.send(); // sent outside any run
    const logs = await Promise.all([slow.done, fast.done, unsent.done]);
    const frames = logs.map((log) => [...new Set(log.map((line) => line.slice(line.indexOf(' ') + 1)))]);
    expect(frames).toEqual([[frame('B1')], [frame('B2')], [EMPTY]]);
    expect(logs[0]).toContain(`load ${frame('B1')}`);
    expect(logs[0]!.at(-1)).toBe(`loadend ${frame('B1')}`);
  });

  it('a network error is reported in the frame of send() (happy-dom logs the refused connection to stderr)', async () => {
    install({ events: 'dispatch' });
    const xhr = new XMLHttpRequest();
    const log: string[] = [];
    const done = new Promise<void>((resolve) => {
      xhr.addEventListener('error', () => log.push(`error ${seen()}`));
      xhr.addEventListener('loadend', () => resolve());
    });
    xhr.open('GET', `${await closedPortUrl()}/nothing-listens`);
    inFrame('B', () => xhr.send());
    await done;
    expect(log).toEqual([`error ${frame('B')}`]);
  });

  it('a request sent before uninstall() still reports in the frame of its send()', async () => {
    install({ events: 'dispatch' });
    const slow = request('/slow?delay=20');
    inFrame('B', () => slow.xhr.send());
    uninstall();
    expect(await slow.done).toEqual(events(['loadstart', 'load', 'loadend'], frame('B')));
  });

  it('xhr.onload runs in the frame of send()', async () => {
    // Same cause as the 'registration' case above: xhr.on* is never patched in happy-dom.
    install({ events: 'dispatch' });
    const xhr = new XMLHttpRequest();
    const loaded = new Promise<string>((resolve) => inFrame('A', () => (xhr.onload = () => resolve(seen()))));
    xhr.open('GET', `${server.url}/onload`);
    inFrame('B', () => xhr.send());
    expect(await loaded).toBe(frame('B'));
  });
});

describe('after uninstall()', () => {
  it('neither policy carries anything into a new request', async () => {
    for (const events of ['registration', 'dispatch'] as const) {
      install({ events });
      uninstall();
      const req = inFrame('A', () => request('/after', ['load']));
      inFrame('B', () => req.xhr.send());
      expect(await req.done).toEqual([`load ${EMPTY}`]);
    }
  });
});
