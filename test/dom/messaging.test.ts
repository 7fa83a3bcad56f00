// Message events: window.postMessage, MessageChannel, BroadcastChannel.
// 'registration': the listener's frame at addEventListener. 'dispatch': a
// message comes from outside (another task posts it), so the empty frame.
//
// Under vitest's happy-dom environment window.postMessage is happy-dom's, but
// MessageChannel and BroadcastChannel are Node's own: their ports inherit
// from Node's EventTarget, not from happy-dom's (the global EventTarget here).
// test/node/patch-without-dom.test.ts covers them where Node's EventTarget is
// the global one.
import { describe, expect, it } from 'vitest';
import { install } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, frame, inFrame, seen } from './frames.js';

usePatchLayer();

/** Adds a once 'message' listener to `target` in frame A, posts from frame B, resolves with what the listener saw. */
function messageSeen(target: EventTarget, post: () => void, start?: () => void): Promise<string> {
  return new Promise((resolve) => {
    inFrame('A', () => target.addEventListener('message', () => resolve(seen()), { once: true }));
    start?.();
    inFrame('B', post);
  });
}

describe('window.postMessage (happy-dom)', () => {
  it("'registration': the listener runs in the frame of addEventListener", async () => {
    install();
    expect(await messageSeen(window, () => window.postMessage('hello', '*'))).toBe(frame('A'));
  });

  it("'dispatch': the empty frame, not the poster's", async () => {
    install({ events: 'dispatch' });
    expect(await messageSeen(window, () => window.postMessage('hello', '*'))).toBe(EMPTY);
  });
});

describe("MessageChannel (Node's under happy-dom)", () => {
  function overPort(): Promise<string> {
    const { port1, port2 } = new MessageChannel();
    return messageSeen(port1, () => port2.postMessage('hello'), () => port1.start()).finally(() => port1.close());
  }

  // A mixed environment: under happy-dom, Node's MessagePort inherits from
  // Node's own EventTarget, not happy-dom's; the patch must cover both.
  it("'registration': the listener runs in the frame of addEventListener (Node's ports under happy-dom)", async () => {
    install();
    expect(await overPort()).toBe(frame('A'));
  });

  it("'dispatch': the empty frame, not the poster's", async () => {
    install({ events: 'dispatch' });
    expect(await overPort()).toBe(EMPTY);
  });
});

describe("BroadcastChannel (Node's under happy-dom)", () => {
  function overChannel(): Promise<string> {
    const receiver = new BroadcastChannel('taskcontext-test');
    const sender = new BroadcastChannel('taskcontext-test');
    return messageSeen(receiver, () => sender.postMessage('hello')).finally(() => {
      receiver.close();
      sender.close();
    });
  }

  // The same mixed environment as MessageChannel above.
  it("'registration': the listener runs in the frame of addEventListener (Node's BroadcastChannel under happy-dom)", async () => {
    install();
    expect(await overChannel()).toBe(frame('A'));
  });

  it("'dispatch': the empty frame, not the poster's", async () => {
    install({ events: 'dispatch' });
    expect(await overChannel()).toBe(EMPTY);
  });
});
