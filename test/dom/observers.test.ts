// Observer callbacks. 'registration': the frame where the observer was
// constructed. 'dispatch': the empty frame (the platform calls them from the
// event loop), whoever caused the change.
//
// happy-dom 21: MutationObserver works (it calls back in a microtask).
// PerformanceObserver is Node's own (perf_hooks), and works. ResizeObserver
// and IntersectionObserver exist but never call back (their observe() is a
// TODO), so for those two a minimal fake is put on globalThis BEFORE install()
// to prove the patch mechanism; the fake calls back when the test says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, errorKind, errorOf, frame, inFrame, seen, sleep } from './frames.js';

usePatchLayer();

/** Makes an attribute change in `frameLabel` and resolves with what each observer callback saw. */
async function mutationsSeen(observerFrames: Array<string | undefined>, changeIn: string | undefined): Promise<string[]> {
  const target = document.createElement('div');
  const seenBy: string[] = [];
  const observers = observerFrames.map((label, i) => {
    const make = (): MutationObserver => new MutationObserver(() => void (seenBy[i] = seen()));
    const observer = label === undefined ? make() : inFrame(label, make);
    observer.observe(target, { attributes: true });
    return observer;
  });
  const change = (): void => target.setAttribute('data-x', '1');
  if (changeIn === undefined) change();
  else inFrame(changeIn, change);
  await sleep(1);
  for (const observer of observers) observer.disconnect();
  return seenBy;
}

describe('MutationObserver', () => {
  it("'registration': each callback runs in the frame where its observer was constructed", async () => {
    install();
    expect(await mutationsSeen(['A', 'B', undefined], 'C')).toEqual([frame('A'), frame('B'), EMPTY]);
    expect(await mutationsSeen(['A'], undefined)).toEqual([frame('A')]);
  });

  it("'dispatch': callbacks run in the empty frame, whoever made the change", async () => {
    install({ events: 'dispatch' });
    expect(await mutationsSeen(['A', 'B'], 'C')).toEqual([EMPTY, EMPTY]);
  });

  it('the callback gets the same records, observer and `this` as without the patch', async () => {
    const observe = async (): Promise<string> => {
      const target = document.createElement('div');
      let result = '';
      const observer = inFrame('A', () =>
        new MutationObserver(function (this: unknown, records, second) {
          result = `this is the observer: ${this === observer}, second argument too: ${second === observer}, records: ${records.map((r) => r.attributeName).join()}`;
        }),
      );
      observer.observe(target, { attributes: true });
      target.setAttribute('a', '1');
      target.setAttribute('b', '1');
      await sleep(1);
      observer.disconnect();
      return result;
    };
    const unpatched = await observe();
    install();
    expect(await observe()).toBe(unpatched);
    expect(unpatched).toBe('this is the observer: true, second argument too: true, records: a,b');
  });

  it('the class still looks like the platform\'s: instanceof, name, length, takeRecords, no call without new', () => {
    const Original = MutationObserver;
    const callWithoutNew = errorKind(errorOf(() => (Original as unknown as () => unknown)()));
    const oddCallback = errorKind(errorOf(() => new Original(5 as unknown as MutationCallback)));
    const noArgument = errorKind(errorOf(() => new (Original as unknown as new () => unknown)()));
    const before = new Original(() => {});
    install();
    expect(MutationObserver).not.toBe(Original);
    const observer = inFrame('A', () => new MutationObserver(() => {}));
    expect(observer).toBeInstanceOf(MutationObserver);
    expect(observer).toBeInstanceOf(Original);
    // One made before install is still an instance of the installed class, and the prototype is the platform's.
    expect(before).toBeInstanceOf(MutationObserver);
    expect(Object.getPrototypeOf(observer)).toBe(Original.prototype);
    expect(observer.constructor).toBe(MutationObserver);
    expect(Object.getPrototypeOf(MutationObserver)).toBe(Object.getPrototypeOf(Original));
    expect(errorKind(errorOf(() => new (MutationObserver as unknown as new () => unknown)()))).toBe(noArgument);
    expect(observer.takeRecords()).toEqual([]);
    expect(MutationObserver.name).toBe(Original.name);
    expect(MutationObserver.length).toBe(Original.length);
    expect(errorKind(errorOf(() => (MutationObserver as unknown as () => unknown)()))).toBe(callWithoutNew);
    expect(errorKind(errorOf(() => inFrame('A', () => new MutationObserver(5 as unknown as MutationCallback))))).toBe(oddCallback);
  });

  it('after uninstall() a new observer carries nothing; one constructed before still does', async () => {
    const Original = MutationObserver;
    install();
    const target = document.createElement('div');
    let before = '';
    const observer = inFrame('A', () => new MutationObserver(() => void (before = seen())));
    observer.observe(target, { attributes: true });
    uninstall();
    expect(MutationObserver).toBe(Original);
    expect(observer.constructor).toBe(Original);
    inFrame('C', () => target.setAttribute('x', '1'));
    await sleep(1);
    observer.disconnect();
    expect(before).toBe(frame('A'));
    expect(await mutationsSeen(['A', 'B'], 'C')).toEqual([EMPTY, EMPTY]);
  });
});

describe("PerformanceObserver (Node's perf_hooks under happy-dom)", () => {
  /** Constructs an observer in `label`, makes a mark in `markIn`; resolves with what the callback saw. */
  function markSeen(label: string, markIn: string): Promise<string> {
    return new Promise((resolve) => {
      const name = `mark-${label}-${Math.random()}`;
      const observer = inFrame(label, () =>
        new PerformanceObserver((list) => {
          if (!list.getEntriesByName(name).length) return;
          observer.disconnect();
          resolve(seen());
        }),
      );
      observer.observe({ entryTypes: ['mark'] });
      inFrame(markIn, () => performance.mark(name));
    });
  }

  it("'registration': the callback runs in the frame of construction; statics are kept", async () => {
    const supported = PerformanceObserver.supportedEntryTypes;
    const ownStatics = Reflect.ownKeys(PerformanceObserver).map(String).sort();
    install();
    expect(PerformanceObserver.supportedEntryTypes).toEqual(supported);
    expect(Reflect.ownKeys(PerformanceObserver).map(String).sort()).toEqual(ownStatics);
    expect(await Promise.all([markSeen('A', 'C'), markSeen('B', 'C')])).toEqual([frame('A'), frame('B')]);
  });

  it("'dispatch': the empty frame", async () => {
    install({ events: 'dispatch' });
    expect(await markSeen('A', 'C')).toBe(EMPTY);
  });
});

/**
 * A stand-in for an observer happy-dom does not implement: it calls back only
 * when the test calls `deliver()`, as the platform would from the event loop.
 */
class FakeObserver {
  constructor(readonly callback: (entries: unknown[], observer: FakeObserver) => void) {}
  observe(): void {}
  disconnect(): void {}
  deliver(): void {
    this.callback([{ fake: true }], this);
  }
}

describe.each(['ResizeObserver', 'IntersectionObserver'])(
  '%s (happy-dom 21 never calls back: a fake defined before install proves the patch)',
  (name) => {
    let saved: PropertyDescriptor | undefined;
    let Fake: typeof FakeObserver;
    beforeEach(() => {
      saved = Object.getOwnPropertyDescriptor(globalThis, name);
      Fake = class extends FakeObserver {};
      Object.defineProperty(Fake, 'name', { value: name });
      Object.defineProperty(globalThis, name, { value: Fake, writable: true, configurable: true });
    });
    afterEach(() => {
      uninstall();
      Object.defineProperty(globalThis, name, saved!);
    });
    const current = (): typeof FakeObserver => (globalThis as unknown as Record<string, typeof FakeObserver>)[name]!;

    it('control: the fake alone carries nothing', () => {
      const log: string[] = [];
      const observer = inFrame('A', () => new (current())(() => log.push(seen())));
      inFrame('C', () => observer.deliver());
      expect(log).toEqual([frame('C')]);
    });

    it("'registration': the callback runs in the frame of construction, with the same arguments and instance", () => {
      install();
      expect(current()).not.toBe(Fake);
      expect(current().name).toBe(name);
      const log: string[] = [];
      const observer = inFrame('A', () =>
        new (current())((entries, second) => log.push(`${seen()} ${JSON.stringify(entries)} ${second === observer}`)),
      );
      expect(observer).toBeInstanceOf(Fake);
      inFrame('C', () => observer.deliver());
      observer.deliver();
      expect(log).toEqual([`${frame('A')} [{"fake":true}] true`, `${frame('A')} [{"fake":true}] true`]);
    });

    it("'dispatch': not wrapped, the platform's frame (empty from the event loop)", () => {
      install({ events: 'dispatch' });
      expect(current()).toBe(Fake);
      const log: string[] = [];
      const observer = inFrame('A', () => new (current())(() => log.push(seen())));
      observer.deliver();
      expect(log).toEqual([EMPTY]);
    });

    it('uninstall() puts the class back', () => {
      install();
      uninstall();
      expect(current()).toBe(Fake);
    });
  },
);
