// "Nothing leaks": once a listener is removed, a timer cleared, a promise
// settled, a once listener fired or a signal aborted, the frame captured when
// it was scheduled (here: a big object held by a Variable) can be collected.
//
// Runs in the 'leak' project: happy-dom, a forked worker with --expose-gc.
// Each scenario builds its big object inside a function, so that nothing on
// the test's own stack keeps it; the controls show that the detection does
// see an object that is still referenced (so a leak would fail the test).
import { describe, expect, it, vi } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from '../dom/setup-patch.js';
import { big, collected, inBigFrame } from './gc.js';
import { expectedFailure } from '../portable/expected-failure.js';

usePatchLayer();

/** Keeps `value` reachable until the test ends. */
const keep: unknown[] = [];

describe('controls: the detection sees a reference that is still there', () => {
  it('a listener still registered (on a live element) keeps its frame', async () => {
    install();
    const element = document.createElement('div');
    keep.push(element);
    const ref = inBigFrame(() => element.addEventListener('x', () => {}));
    expect(await collected(ref)).toBe(false);
    expect(big.get()).toBeUndefined();
  });

  it('a pending timer keeps its frame', async () => {
    install();
    let handle: ReturnType<typeof setTimeout> | undefined;
    const ref = inBigFrame(() => (handle = setTimeout(() => {}, 60_000)));
    expect(await collected(ref)).toBe(false);
    clearTimeout(handle);
  });
});

describe('listeners', () => {
  it('a listener added in a frame and removed: the frame can be collected (the element lives on)', async () => {
    install();
    const element = document.createElement('div');
    keep.push(element);
    const listener = (): void => {};
    const ref = inBigFrame(() => element.addEventListener('x', listener));
    element.removeEventListener('x', listener);
    expect(await collected(ref)).toBe(true);
  });

  it('the same, removed after uninstall()', async () => {
    install();
    const element = document.createElement('div');
    keep.push(element);
    const listener = (): void => {};
    const ref = inBigFrame(() => element.addEventListener('x', listener, true));
    uninstall();
    element.removeEventListener('x', listener, true);
    expect(await collected(ref)).toBe(true);
  });

  it('a once listener that fired', async () => {
    install();
    const element = document.createElement('div');
    keep.push(element);
    const ref = inBigFrame(() => element.addEventListener('x', () => {}, { once: true }));
    element.dispatchEvent(new Event('x'));
    expect(await collected(ref)).toBe(true);
  });

  it('a listener removed by aborting its signal (controller and signal dropped)', async () => {
    install();
    const element = document.createElement('div');
    keep.push(element);
    let controller: AbortController | undefined = new AbortController();
    const ref = inBigFrame(() => element.addEventListener('x', () => {}, { signal: controller!.signal }));
    controller.abort();
    controller = undefined;
    expect(await collected(ref)).toBe(true);
  });

  // HAPPY-DOM GAP (reported; not a browser issue): happy-dom implements
  // `signal` by calling signal.addEventListener('abort', () =>
  // this.removeEventListener(type, listener)) and never removes that closure,
  // so a live signal keeps the registered function: under the patch, our
  // wrapper, which holds the frame (and happy-dom's closure is itself added
  // through the patched addEventListener, in the user's frame). Browsers empty
  // a signal's abort algorithms when it aborts.
  const abortedListenerCollected = async (): Promise<boolean> => {
    install();
    const element = document.createElement('div');
    const controller = new AbortController();
    keep.push(element, controller);
    const ref = inBigFrame(() => element.addEventListener('x', () => {}, { signal: controller.signal }));
    controller.abort();
    return collected(ref);
  };
  expectedFailure('a listener removed by aborting its signal, the signal kept alive', 'HAPPY-DOM GAP: the frame is never collected', abortedListenerCollected, false, true);

  it('an on* handler replaced by null', async () => {
    install();
    const element = document.createElement('button');
    keep.push(element);
    const ref = inBigFrame(() => (element.onclick = () => {}));
    element.onclick = null;
    expect(await collected(ref)).toBe(true);
  });

  it('an element with listeners (never removed) that is itself dropped takes them along', async () => {
    install();
    const ref = inBigFrame(() => {
      const element = document.createElement('div');
      element.addEventListener('x', () => {});
    });
    expect(await collected(ref)).toBe(true);
  });
});

describe('timers, microtasks, animation frames, observers', () => {
  it('a timer set in a frame and cleared (handle dropped)', async () => {
    install();
    let handle: ReturnType<typeof setTimeout> | undefined;
    const ref = inBigFrame(() => (handle = setTimeout(() => {}, 60_000)));
    clearTimeout(handle);
    handle = undefined;
    expect(await collected(ref)).toBe(true);
  });

  it('an interval set in a frame and cleared (handle dropped)', async () => {
    install();
    let handle: ReturnType<typeof setInterval> | undefined;
    const ref = inBigFrame(() => (handle = setInterval(() => {}, 60_000)));
    clearInterval(handle);
    handle = undefined;
    expect(await collected(ref)).toBe(true);
  });

  it('a timer that fired', async () => {
    install();
    let fired = false;
    const ref = inBigFrame(() => setTimeout(() => (fired = true), 1));
    // Waits for the callback itself: on a loaded machine a timer runs later than any fixed delay.
    await vi.waitFor(() => expect(fired).toBe(true), { timeout: 2000, interval: 10 });
    expect(await collected(ref)).toBe(true);
  });

  it('a microtask and an animation frame that ran', async () => {
    install();
    let ran = 0;
    const ref = inBigFrame(() => {
      queueMicrotask(() => ran++);
      requestAnimationFrame(() => ran++);
    });
    // Likewise the animation frame (happy-dom runs it after a timer of its own).
    await vi.waitFor(() => expect(ran).toBe(2), { timeout: 2000, interval: 10 });
    expect(await collected(ref)).toBe(true);
  });

  it('a MutationObserver constructed in a frame, disconnected and dropped', async () => {
    install();
    const target = document.createElement('div');
    keep.push(target);
    const ref = inBigFrame(() => {
      const observer = new MutationObserver(() => {});
      observer.observe(target, { attributes: true });
      target.setAttribute('x', '1');
      observer.disconnect();
    });
    expect(await collected(ref)).toBe(true);
  });
});

describe('promises', () => {
  it('a promise chain that settled, the promises themselves kept', async () => {
    install();
    let chain: Promise<unknown> | undefined;
    const ref = inBigFrame(() => {
      chain = Promise.resolve(1)
        .then((x) => x + 1)
        .catch(() => 0)
        .finally(() => {});
    });
    await chain;
    keep.push(chain);
    expect(await collected(ref)).toBe(true);
  });

  it('Promise.all over a settled set', async () => {
    install();
    let all: Promise<unknown> | undefined;
    const ref = inBigFrame(() => (all = Promise.all([Promise.resolve(1), new Promise((resolve) => setTimeout(resolve, 1))]).then(() => 2)));
    await all;
    keep.push(all);
    expect(await collected(ref)).toBe(true);
  });
});
