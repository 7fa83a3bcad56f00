// install() / uninstall(): idempotence, exact restore, and "the patch layer
// never changes anything else" (names, lengths, return values, `this`,
// exceptions, timer handles), plus bad options.
import { describe, expect, it } from 'vitest';
import { install, installed, uninstall, useBackend, wrapTaskFactory } from '../../src/index.js';
import { warnOnLostAwait } from '../../src/dev.js';
import { expectUninstalled, usePatchLayer } from './setup-patch.js';
import { dict, EMPTY, errorOf, frame, inFrame, seen, sleep } from './frames.js';

usePatchLayer();

type Holder = Record<PropertyKey, unknown>;

/** happy-dom's EventTarget.prototype, found from document (the global EventTarget is a per-window subclass). */
function eventTargetPrototype(): object {
  let object: object | null = document;
  while (object && !Object.prototype.hasOwnProperty.call(object, 'addEventListener')) object = Object.getPrototypeOf(object);
  return object!;
}

/** Every property install() may replace: [label, holder, key]. */
function patchable(): Array<[string, object, PropertyKey]> {
  const places: Array<[string, object, PropertyKey]> = [
    ['Promise.prototype.then', Promise.prototype, 'then'],
    // replaced only by the development check warnOnLostAwait() from taskcontext/dev
    ['Promise.prototype.finally', Promise.prototype, 'finally'],
    ['Promise.prototype.constructor', Promise.prototype, 'constructor'],
    ...['resolve', 'all', 'allSettled', 'any', 'race'].map((key) => [`Promise.${key}`, Promise, key] as [string, object, PropertyKey]),
    ['XMLHttpRequest.prototype.send', XMLHttpRequest.prototype, 'send'],
    ['EventTarget.prototype.addEventListener (happy-dom, from document)', eventTargetPrototype(), 'addEventListener'],
    ['EventTarget.prototype.removeEventListener (happy-dom, from document)', eventTargetPrototype(), 'removeEventListener'],
    ['HTMLElement.prototype.onclick', HTMLElement.prototype, 'onclick'],
    ['HTMLElement.prototype.onkeydown', HTMLElement.prototype, 'onkeydown'],
    ['SVGElement.prototype.onclick', SVGElement.prototype, 'onclick'],
  ];
  for (const key of [
    'setTimeout',
    'setInterval',
    'setImmediate',
    'queueMicrotask',
    'requestAnimationFrame',
    'MutationObserver',
    'ResizeObserver',
    'IntersectionObserver',
    'PerformanceObserver',
    'addEventListener',
    'removeEventListener',
    'onclick',
    'onmessage',
  ]) {
    places.push([`globalThis.${key}`, globalThis, key]);
  }
  return places;
}

/** The own property descriptors of every patchable place, as plain records to compare. */
function descriptors(): Record<string, PropertyDescriptor | undefined> {
  return Object.fromEntries(patchable().map(([label, holder, key]) => [label, Object.getOwnPropertyDescriptor(holder, key)]));
}

/** Asserts that each descriptor is identical: same value/get/set (===) and same flags. */
function expectSameDescriptors(actual: Record<string, PropertyDescriptor | undefined>, expected: Record<string, PropertyDescriptor | undefined>): void {
  for (const label of Object.keys(expected)) {
    const [a, e] = [actual[label], expected[label]];
    expect({ label, present: a !== undefined }).toEqual({ label, present: e !== undefined });
    if (!a || !e) continue;
    expect({ label, value: a.value === e.value, get: a.get === e.get, set: a.set === e.set }).toEqual({ label, value: true, get: true, set: true });
    expect({ label, writable: a.writable, enumerable: a.enumerable, configurable: a.configurable }).toEqual({
      label,
      writable: e.writable,
      enumerable: e.enumerable,
      configurable: e.configurable,
    });
  }
}

function changedLabels(before: Record<string, PropertyDescriptor | undefined>): string[] {
  const after = descriptors();
  return Object.keys(before).filter((label) => {
    const [a, b] = [after[label], before[label]];
    return a?.value !== b?.value || a?.get !== b?.get || a?.set !== b?.set;
  });
}

describe('install() and installed()', () => {
  it('install() returns true and installed() reports the policy; install({ events }) switches it', () => {
    expect(install()).toBe(true);
    expect(installed()?.events).toBe('registration');
    expect(install({ events: 'dispatch' })).toBe(true);
    expect(installed()?.events).toBe('dispatch');
    expect(install({})).toBe(true);
    expect(installed()?.events).toBe('registration');
    uninstall();
    expectUninstalled();
  });

  it.each(['registration', 'dispatch'] as const)(
    "installed() lists every property install() replaced, each by 'install', and nothing else (events: '%s')",
    (events) => {
      const before = descriptors();
      install({ events });
      const listed = installed()!.properties;
      const labelOf = (target: object, key: PropertyKey) => patchable().find(([, holder, k]) => holder === target && k === key)?.[0];
      // Every patchable place that changed is listed, once.
      const changed = changedLabels(before).sort();
      expect(listed.map(({ target, key }) => labelOf(target, key)).filter((label) => label !== undefined).sort()).toEqual(changed);
      // Whatever else is listed (happy-dom's other on* holders, observers' prototypes, the await hook) did change.
      for (const { target, key, by, stays } of listed) {
        expect({ key, by, stays }).toEqual({ key, by: 'install', stays: undefined });
        expect(Object.getOwnPropertyDescriptor(target, key), String(key)).toBeDefined();
      }
      expect(listed.some(({ target, key }) => target === globalThis && key === Symbol.for('taskcontext.await'))).toBe(true);
      uninstall();
      expect(installed()).toBeUndefined(); // no listener was added: nothing stays
    },
  );

  it('after uninstall(), installed() says what stays and why, until the reason is gone', () => {
    install();
    const element = document.createElement('div');
    const listener = (): void => {};
    inFrame('A', () => element.addEventListener('x', listener));
    inFrame('A', () => {
      element.oninput = listener; // not onclick: a pass-through stays for good, and other tests here check onclick
    });
    uninstall();
    const stays = installed()!.properties.map(({ key, stays: why, by }) => ({ key, why, by }));
    expect(installed()!.events).toBeUndefined();
    expect(stays).toEqual(
      expect.arrayContaining([
        { key: 'removeEventListener', why: 'listeners added while installed', by: 'install' },
        { key: 'oninput', why: 'a handler set while installed', by: 'install' },
      ]),
    );
    expect(stays.every(({ why }) => typeof why === 'string')).toBe(true);
    element.removeEventListener('x', listener);
    // The last listener is gone: the remove shim went with it; the on* pass-through stays (its getter returns the handler).
    expect(installed()!.properties.map(({ key }) => key)).not.toContain('removeEventListener');
    expect(element.oninput).toBe(listener);
    // Installing again turns the pass-through back on: listed as installed, not as staying.
    install();
    expect(installed()!.properties.filter(({ stays: why }) => why !== undefined)).toEqual([]);
  });

  it('wrapTaskFactory() is install() under the seed\'s name', () => {
    expect(wrapTaskFactory({ events: 'dispatch' })).toBe(true);
    expect(installed()?.events).toBe('dispatch');
  });

  it('patches what it covers: Promise, timers, microtasks, animation frames, listeners, on* handlers, observers', () => {
    const before = descriptors();
    install();
    expect(changedLabels(before).sort()).toEqual(
      [
        'Promise.prototype.then',
        'EventTarget.prototype.addEventListener (happy-dom, from document)',
        'EventTarget.prototype.removeEventListener (happy-dom, from document)',
        'HTMLElement.prototype.onclick',
        'HTMLElement.prototype.onkeydown',
        'SVGElement.prototype.onclick',
        'globalThis.setTimeout',
        'globalThis.setInterval',
        'globalThis.setImmediate',
        'globalThis.queueMicrotask',
        'globalThis.requestAnimationFrame',
        'globalThis.MutationObserver',
        'globalThis.ResizeObserver',
        'globalThis.IntersectionObserver',
        'globalThis.PerformanceObserver',
        // vitest puts window's methods and on* accessors on Node's global as well
        'globalThis.addEventListener',
        'globalThis.removeEventListener',
        'globalThis.onclick',
        'globalThis.onmessage',
      ].sort(),
    );
  });

  it("install({ events: 'dispatch' }) patches XMLHttpRequest.prototype.send and leaves observers and DOM on* alone", () => {
    const before = descriptors();
    install({ events: 'dispatch' });
    const changed = changedLabels(before);
    expect(changed).toContain('XMLHttpRequest.prototype.send');
    expect(changed).not.toContain('globalThis.MutationObserver');
    expect(changed).not.toContain('HTMLElement.prototype.onclick');
    expect(changed).toContain('Promise.prototype.then'); // promises and timers follow the call under both policies
  });

  it('install() twice patches once: every replaced property is the same after the second call', () => {
    install();
    const once = descriptors();
    expect(install()).toBe(true);
    expectSameDescriptors(descriptors(), once);
    // and a callback is wrapped once: it still runs exactly once, in its frame
    const log: string[] = [];
    inFrame('A', () => Promise.resolve().then(() => log.push(seen())));
    return sleep().then(() => expect(log).toEqual([frame('A')]));
  });

  it('install() on a backend that carries context by itself (als) returns false and places only the generator scopes of built code', () => {
    const before = descriptors();
    useBackend('als');
    try {
      expect(install()).toBe(false);
      expectSameDescriptors(descriptors(), before);
      const inPlace = () => installed()?.properties.filter(({ stays }) => stays === undefined); // not what stays from earlier tests
      expect(installed()?.events).toBeUndefined();
      expect(inPlace()).toEqual([{ target: globalThis, key: Symbol.for('taskcontext.await'), by: 'install' }]);
      uninstall();
      expect(inPlace() ?? []).toEqual([]);
      expect(Object.getOwnPropertySymbols(globalThis)).not.toContain(Symbol.for('taskcontext.await'));
    } finally {
      useBackend('patch');
    }
  });
});

describe('bad options', () => {
  it.each([
    ['{ events: "bogus" }', { events: 'bogus' }],
    ['{ events: "Registration" }', { events: 'Registration' }],
    ['{ events: 1 }', { events: 1 }],
  ])("install(%s) throws a TypeError naming 'registration' and 'dispatch', and installs nothing", (_label, options) => {
    const before = descriptors();
    const error = errorOf(() => install(options as never)) as Error;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('install');
    expect(error.message).toContain("'registration'");
    expect(error.message).toContain("'dispatch'");
    expectUninstalled();
    expectSameDescriptors(descriptors(), before);
  });

  it.each([
    ['"dispatch" (a string, not an options object)', 'dispatch'],
    ['null', null],
    ['42', 42],
  ])('install(%s) throws a TypeError and installs nothing', (_label, options) => {
    const before = descriptors();
    expect(() => install(options as never)).toThrow(TypeError);
    expectUninstalled();
    expectSameDescriptors(descriptors(), before);
  });

  it('an unknown option throws a TypeError naming it and installs nothing', () => {
    const before = descriptors();
    expect(() => install({ event: 'dispatch' } as never)).toThrow(/unknown option 'event'/);
    // The lost-await check moved to taskcontext/dev: the message says where.
    expect(() => install({ warnOnLostAwait: true } as never)).toThrow(/unknown option 'warnOnLostAwait'/);
    expectUninstalled();
    expectSameDescriptors(descriptors(), before);
  });

  it('warnOnLostAwait(5) throws a TypeError and installs nothing', () => {
    const before = descriptors();
    expect(() => warnOnLostAwait(5 as never)).toThrow(/warnOnLostAwait: expected a function/);
    expectSameDescriptors(descriptors(), before);
  });

  it('a bad install() while installed changes nothing: same policy, same functions', () => {
    install({ events: 'dispatch' });
    const before = descriptors();
    expect(() => install({ events: 'bogus' } as never)).toThrow(TypeError);
    expect(installed()?.events).toBe('dispatch');
    expectSameDescriptors(descriptors(), before);
  });
});

describe('uninstall() puts back exactly what install() replaced', () => {
  it.each(['registration', 'dispatch'] as const)("every property is === the original again (events: '%s')", (events) => {
    const before = descriptors();
    install({ events });
    expect(changedLabels(before).length).toBeGreaterThan(0);
    uninstall();
    expectSameDescriptors(descriptors(), before);
  });

  it.each(['check first, then install', 'install first, then check'])(
    'also with the lost-await check of taskcontext/dev (%s): stopping both restores Promise.prototype.constructor, then, finally and the statics',
    (order) => {
      const before = descriptors();
      let stop: () => void;
      if (order.startsWith('check')) {
        stop = warnOnLostAwait(() => {});
        install();
      } else {
        install();
        stop = warnOnLostAwait(() => {});
      }
      expect(changedLabels(before)).toEqual(
        expect.arrayContaining(['Promise.prototype.constructor', 'Promise.prototype.finally', 'Promise.resolve', 'Promise.all']),
      );
      // Undone last-in first-out, like any two wrappers of the same methods.
      if (order.startsWith('check')) {
        uninstall();
        stop();
      } else {
        stop();
        uninstall();
      }
      expectSameDescriptors(descriptors(), before);
    },
  );

  it('also after switching policies and installing again', () => {
    const before = descriptors();
    install();
    install({ events: 'dispatch' });
    install();
    uninstall();
    expectSameDescriptors(descriptors(), before);
    install();
    uninstall();
    expectSameDescriptors(descriptors(), before);
  });

  it('uninstall() without install(), or twice, is harmless', () => {
    const before = descriptors();
    uninstall();
    install();
    uninstall();
    uninstall();
    expectSameDescriptors(descriptors(), before);
  });

  it("install() runs no getter of the global except interfaces' (a deprecated or side-effecting one never runs)", () => {
    const calls = { deprecatedThing: 0, onsomething: 0, $thing: 0 };
    for (const name of Object.keys(calls) as Array<keyof typeof calls>) {
      Object.defineProperty(globalThis, name, { get: () => calls[name]++, configurable: true });
    }
    try {
      install();
      uninstall();
      install({ events: 'dispatch' });
      uninstall();
    } finally {
      for (const name of Object.keys(calls)) delete (globalThis as Holder)[name];
    }
    expect(calls).toEqual({ deprecatedThing: 0, onsomething: 0, $thing: 0 });
  });

  it('nothing is left on globalThis: no new global properties', () => {
    const names = Object.getOwnPropertyNames(globalThis).sort();
    install();
    uninstall();
    install({ events: 'dispatch' });
    uninstall();
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(names);
  });

  it('removeEventListener keeps a thin shim while a listener added under install() is registered, then is restored', () => {
    const proto = eventTargetPrototype() as Holder;
    const originalAdd = proto.addEventListener;
    const originalRemove = proto.removeEventListener;
    install();
    const element = document.createElement('div');
    const log: string[] = [];
    const listener = (): number => log.push(seen());
    inFrame('A', () => element.addEventListener('x', listener));
    uninstall();
    expect(proto.addEventListener).toBe(originalAdd);
    expect(proto.removeEventListener).not.toBe(originalRemove); // still translating listener -> wrapper
    element.dispatchEvent(new Event('x'));
    element.removeEventListener('x', listener);
    element.dispatchEvent(new Event('x'));
    expect(log).toEqual([frame('A')]);
    expect(proto.removeEventListener).toBe(originalRemove); // the last such listener is gone
  });

  it('install() again while the remove shim is still there, then removing and uninstalling, restores everything', () => {
    const before = descriptors();
    install();
    const element = document.createElement('div');
    const listener = (): void => {};
    element.addEventListener('x', listener);
    inFrame('A', () => element.addEventListener('y', listener));
    uninstall();
    install();
    element.removeEventListener('x', listener);
    uninstall();
    element.removeEventListener('y', listener);
    expectSameDescriptors(descriptors(), before);
  });
});

describe('patched functions keep name and length', () => {
  it.each(['registration', 'dispatch'] as const)("for every function install({ events: '%s' }) replaced", (events) => {
    // What a user reads: holder[key] for functions (through vitest's global
    // accessors too), the accessor pair for on* properties on prototypes.
    const read = (holder: object, key: PropertyKey): unknown => {
      const descriptor = Object.getOwnPropertyDescriptor(holder, key);
      return descriptor && ('value' in descriptor || holder === globalThis) ? (holder as Holder)[key] : descriptor;
    };
    const before = descriptors();
    const originals = new Map(patchable().map(([label, holder, key]) => [label, read(holder, key)]));
    install({ events });
    const changed = changedLabels(before);
    const checked: string[] = [];
    for (const [label, holder, key] of patchable()) {
      if (!changed.includes(label)) continue;
      const [original, patched] = [originals.get(label), read(holder, key)];
      if (typeof original === 'function') {
        const shape = (f: unknown) => ({ label, name: (f as () => void).name, length: (f as () => void).length });
        expect(shape(patched)).toEqual(shape(original));
      } else {
        // An on* accessor pair (its names are checked below): getter length 0, setter length 1.
        const pair = (d: unknown) => ({ label, get: (d as PropertyDescriptor)?.get?.length, set: (d as PropertyDescriptor)?.set?.length });
        expect(pair(Object.getOwnPropertyDescriptor(holder, key))).toEqual(pair(before[label]));
      }
      checked.push(label);
    }
    expect(checked).toContain('Promise.prototype.then');
    expect(checked).toContain('globalThis.setTimeout');
    expect(Promise.prototype.then.name).toBe('then');
    expect(Promise.prototype.then.length).toBe(2);
    expect(setTimeout.name).toBe('setTimeout');
  });

  // Accessors keep their platform names too, like every other patched function.
  it('the replaced on* accessor functions keep their names ("get onclick", "set onclick")', () => {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'onclick')!;
    install();
    const patched = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'onclick')!;
    expect(patched.get).not.toBe(original.get);
    expect([patched.get!.name, patched.set!.name]).toEqual([original.get!.name, original.set!.name]);
  });
});

describe('return values, `this`, handles and exceptions are unchanged', () => {
  it('.then returns a real Promise, and a subclass instance for a subclass (species)', async () => {
    class TaggedPromise<T> extends Promise<T> {}
    const shapes = (): string[] => {
      const plain = Promise.resolve(1).then((x) => x);
      const tagged = TaggedPromise.resolve(1).then((x) => x);
      return [
        `plain: ${Object.getPrototypeOf(plain) === Promise.prototype}`,
        `tagged: ${tagged instanceof TaggedPromise}`,
        `catch: ${Object.getPrototypeOf(Promise.reject(new Error()).catch(() => {})) === Promise.prototype}`,
      ];
    };
    const unpatched = shapes();
    install();
    expect(inFrame('A', shapes)).toEqual(unpatched);
    expect(unpatched).toEqual(['plain: true', 'tagged: true', 'catch: true']);
    expect(await inFrame('A', () => Promise.resolve(2).then((x) => x * 21))).toBe(42);
  });

  it('a callback with its own `call` and `apply` is called as itself: .then, listeners, handleEvent, on*, timers, microtasks', async () => {
    install();
    // What a user's function may carry; the patch must never look a method up on it.
    const own = <F extends object>(fn: F): F => Object.assign(fn, { call: () => 'own call', apply: () => 'own apply' });
    const log: unknown[] = [];
    const element = document.createElement('div');
    const object = { handleEvent: own(function (this: unknown) { log.push(`handleEvent ${this === object} ${seen()}`); }) };
    const value = await inFrame('A', () => {
      element.addEventListener('x', own(function (this: unknown) { log.push(`listener ${this === element} ${seen()}`); }));
      element.addEventListener('x', object);
      element.onclick = own(() => log.push(`onclick ${seen()}`)); // happy-dom calls on* handlers without a `this`
      setTimeout(own(() => log.push(`timeout ${seen()}`)));
      queueMicrotask(own(() => log.push(`microtask ${seen()}`)));
      dict.forEach(own(function (this: unknown, value: unknown, key: string) { log.push(`Context.forEach ${key}=${String(value)} ${this === log}`); }), log);
      return Promise.resolve(1).then(own((x: number) => x + 1));
    });
    element.dispatchEvent(new Event('x'));
    element.click();
    await sleep(5);
    expect(value).toBe(2);
    expect(log.sort()).toEqual(
      ['Context.forEach id=A true', `handleEvent true ${frame('A')}`, `listener true ${frame('A')}`, `microtask ${frame('A')}`, `onclick ${frame('A')}`, `timeout ${frame('A')}`].sort(),
    );
  });

  it('`this` in a then callback is undefined, as without the patch', async () => {
    const thisIn = (): Promise<unknown> =>
      Promise.resolve().then(function (this: unknown) {
        return this;
      });
    const unpatched = await thisIn();
    install();
    expect(await inFrame('A', thisIn)).toBe(unpatched);
  });

  it('an exception in a then callback rejects the returned promise with that very error', async () => {
    install();
    const error = new Error('from the callback');
    const rejected = inFrame('A', () =>
      Promise.resolve().then(() => {
        throw error;
      }),
    );
    await expect(rejected).rejects.toBe(error);
    expect(seen()).toBe(EMPTY);
  });

  it('timer and animation-frame handles are of the same kind and cancel their callback', async () => {
    const kinds = (): string[] => {
      const timeout = setTimeout(() => {}, 1000);
      const interval = setInterval(() => {}, 1000);
      const immediate = setImmediate(() => {});
      const frameId = requestAnimationFrame(() => {});
      const result = [timeout, interval, immediate, frameId].map((handle) => `${typeof handle} ${(handle as object)?.constructor?.name}`);
      clearTimeout(timeout);
      clearInterval(interval);
      clearImmediate(immediate);
      cancelAnimationFrame(frameId);
      return [...result, `numeric timeout id: ${typeof +setTimeout(() => {}, 0)}`];
    };
    const unpatched = kinds();
    install();
    expect(inFrame('A', kinds)).toEqual(unpatched);

    const log: string[] = [];
    inFrame('A', () => {
      clearTimeout(setTimeout(() => log.push('timeout'), 1));
      clearInterval(setInterval(() => log.push('interval'), 1));
      clearImmediate(setImmediate(() => log.push('immediate')));
      cancelAnimationFrame(requestAnimationFrame(() => log.push('animation frame')));
    });
    await sleep(10);
    expect(log).toEqual([]);
  });

  it('queueMicrotask and addEventListener return undefined, as without the patch', () => {
    install();
    const element = document.createElement('div');
    const listener = (): void => {};
    inFrame('A', () => {
      expect(queueMicrotask(() => {})).toBeUndefined();
      expect(element.addEventListener('x', listener)).toBeUndefined();
      expect(element.removeEventListener('x', listener)).toBeUndefined();
    });
  });

  it('what the platform receives for a timer or microtask rethrows the callback\'s own error and restores the frame', () => {
    // A recorder wrapped around setTimeout and queueMicrotask before install()
    // sees exactly what the platform receives: our wrapper. Calling it the way
    // the platform would (from the event loop, here from frame C) must throw
    // the callback's error unchanged and leave the caller's frame as it was.
    const received: Array<() => void> = [];
    const g = globalThis as unknown as Holder;
    const saved = ['setTimeout', 'queueMicrotask'].map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)!] as const);
    for (const [key, descriptor] of saved) {
      const platform = descriptor.value as (callback: () => void, ...rest: unknown[]) => unknown;
      g[key] = function recorder(callback: () => void, ...rest: unknown[]) {
        received.push(callback);
        return key === 'setTimeout' ? platform(() => {}, ...rest) : undefined;
      };
    }
    try {
      install();
      const error = new Error('from the callback');
      const thrower = (): never => {
        throw error;
      };
      inFrame('A', () => {
        clearTimeout(setTimeout(thrower, 1000) as unknown as number);
        queueMicrotask(thrower);
      });
      expect(received).toHaveLength(2);
      for (const wrapped of received) {
        expect(wrapped).not.toBe(thrower);
        inFrame('C', () => {
          expect(() => wrapped()).toThrow(error);
          expect(seen()).toBe(frame('C'));
        });
      }
    } finally {
      uninstall();
      for (const [key, descriptor] of saved) Object.defineProperty(globalThis, key, descriptor);
    }
  });
});
