// Living with other libraries that wrap the same methods (error trackers,
// APM agents such as Sentry or Datadog): a "foreign" wrapper of then,
// setTimeout and addEventListener, installed before our install() or after
// it, and removed before or after our uninstall(). In every order: the
// foreign wrapper keeps being called, callbacks keep running, our frames are
// carried exactly while we are installed, and we never rip out a wrapper that
// was put on top of ours.
import { describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from './setup-patch.js';
import { EMPTY, frame, inFrame, seen } from './frames.js';

usePatchLayer();

type Holder = Record<PropertyKey, unknown>;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface Foreign {
  /** How many times the foreign wrapper was called. */
  calls: number;
  wrapper: AnyFunction;
  /** Puts back what the foreign library found, as such libraries do (a plain assignment). */
  unwrap(): void;
}

/** Wraps holder[key] with a plain pass-through function that counts calls. */
function foreignWrap(holder: object, key: string): Foreign {
  const found = (holder as Holder)[key] as AnyFunction;
  const foreign: Foreign = {
    calls: 0,
    wrapper: function foreignWrapper(this: unknown, ...args: unknown[]) {
      foreign.calls++;
      return Reflect.apply(found, this, args);
    },
    unwrap: () => void ((holder as Holder)[key] = found),
  };
  (holder as Holder)[key] = foreign.wrapper;
  return foreign;
}

/**
 * A listener-wrapping foreign library (what error trackers do): it registers
 * its own wrapper of each listener and translates removeEventListener.
 */
function foreignListenerWrap(proto: object): Foreign {
  const add = (proto as Holder).addEventListener as AnyFunction;
  const remove = (proto as Holder).removeEventListener as AnyFunction;
  const wrappers = new WeakMap<object, AnyFunction>();
  const foreign: Foreign = {
    calls: 0,
    wrapper: function addEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
      foreign.calls++;
      if (typeof listener !== 'function') return add.call(this, type, listener, options);
      let wrapped = wrappers.get(listener);
      if (!wrapped) {
        const original = listener as AnyFunction;
        wrapped = function (this: unknown, ...args: unknown[]) {
          return original.apply(this, args);
        };
        wrappers.set(listener, wrapped);
      }
      return add.call(this, type, wrapped, options);
    },
    unwrap() {
      (proto as Holder).addEventListener = add;
      (proto as Holder).removeEventListener = remove;
    },
  };
  (proto as Holder).addEventListener = foreign.wrapper;
  (proto as Holder).removeEventListener = function removeEventListener(this: unknown, type: unknown, listener: unknown, options?: unknown) {
    return remove.call(this, type, (typeof listener === 'function' && wrappers.get(listener)) || listener, options);
  };
  return foreign;
}

function eventTargetPrototype(): object {
  let object: object | null = document;
  while (object && !Object.prototype.hasOwnProperty.call(object, 'addEventListener')) object = Object.getPrototypeOf(object);
  return object!;
}

interface Api {
  name: string;
  holder: () => object;
  key: string;
  wrap: (holder: object, key: string) => Foreign;
  /** Schedules a callback from frame A; resolves with what it saw. */
  observe: () => Promise<string>;
}

const APIS: Api[] = [
  {
    name: 'Promise.prototype.then',
    holder: () => Promise.prototype,
    key: 'then',
    wrap: foreignWrap,
    observe: () => new Promise((resolve) => inFrame('A', () => Promise.resolve().then(() => resolve(seen())))),
  },
  {
    name: 'setTimeout',
    holder: () => globalThis,
    key: 'setTimeout',
    wrap: foreignWrap,
    observe: () => new Promise((resolve) => inFrame('A', () => setTimeout(() => resolve(seen()), 1))),
  },
  {
    name: 'addEventListener (pass-through foreign wrapper)',
    holder: eventTargetPrototype,
    key: 'addEventListener',
    wrap: foreignWrap,
    observe: () => listenerSeen(),
  },
  {
    name: 'addEventListener (listener-wrapping foreign library)',
    holder: eventTargetPrototype,
    key: 'addEventListener',
    wrap: (holder) => foreignListenerWrap(holder),
    observe: () => listenerSeen(),
  },
];

/**
 * Adds a listener in frame A (twice: one listener), dispatches from outside
 * any run, removes it, dispatches again: resolves with what it saw, and fails
 * if it ran other than once (identity broken by the stack of wrappers).
 */
async function listenerSeen(): Promise<string> {
  const element = document.createElement('div');
  const log: string[] = [];
  const listener = (): number => log.push(seen());
  inFrame('A', () => {
    element.addEventListener('x', listener);
    element.addEventListener('x', listener);
  });
  element.dispatchEvent(new Event('x'));
  element.removeEventListener('x', listener);
  element.dispatchEvent(new Event('x'));
  expect(log).toHaveLength(1);
  return log[0]!;
}

/** Checks that the API works, the foreign wrapper is called, and what frame the callback sees. */
async function expectWorking(api: Api, foreign: Foreign, seenAs: string): Promise<void> {
  const calls = foreign.calls;
  expect(await api.observe()).toBe(seenAs);
  expect(foreign.calls).toBeGreaterThan(calls);
}

describe.each(APIS)('$name wrapped by another library', (api) => {
  it('foreign BEFORE install; our uninstall first, then theirs', async () => {
    const holder = api.holder() as Holder;
    const platform = holder[api.key];
    const foreign = api.wrap(holder, api.key);
    try {
      install();
      await expectWorking(api, foreign, frame('A'));
      uninstall();
      expect(holder[api.key]).toBe(foreign.wrapper); // exactly what install() found
      await expectWorking(api, foreign, EMPTY);
    } finally {
      foreign.unwrap();
    }
    expect(holder[api.key]).toBe(platform);
  });

  it('foreign BEFORE install; theirs removed first (it rips us out), then our uninstall leaves the platform in place', async () => {
    const holder = api.holder() as Holder;
    const platform = holder[api.key];
    const foreign = api.wrap(holder, api.key);
    install();
    await expectWorking(api, foreign, frame('A'));
    foreign.unwrap();
    expect(holder[api.key]).toBe(platform);
    uninstall();
    expect(holder[api.key]).toBe(platform); // not our stale copy, not the foreign wrapper
    expect(await api.observe()).toBe(EMPTY);
  });

  it('foreign AFTER install; our uninstall first: their wrapper stays, ours becomes a pass-through', async () => {
    const holder = api.holder() as Holder;
    const platform = holder[api.key];
    install();
    const foreign = api.wrap(holder, api.key);
    try {
      await expectWorking(api, foreign, frame('A'));
      uninstall();
      expect(holder[api.key]).toBe(foreign.wrapper); // we did not rip it out
      await expectWorking(api, foreign, EMPTY); // still works, no longer carries
      install(); // installing again on top works too
      await expectWorking(api, foreign, frame('A'));
      uninstall();
      await expectWorking(api, foreign, EMPTY);
    } finally {
      foreign.unwrap();
    }
    // What they put back is our (now inert) replacement: it still works and carries nothing.
    expect(holder[api.key]).not.toBe(platform);
    expect(await api.observe()).toBe(EMPTY);
  });

  it('foreign AFTER install; theirs removed first, then our uninstall restores the platform', async () => {
    const holder = api.holder() as Holder;
    const platform = holder[api.key];
    install();
    const foreign = api.wrap(holder, api.key);
    await expectWorking(api, foreign, frame('A'));
    foreign.unwrap();
    expect(await api.observe()).toBe(frame('A'));
    uninstall();
    expect(holder[api.key]).toBe(platform);
    expect(await api.observe()).toBe(EMPTY);
  });
});

describe('listeners across the install states of a listener-wrapping library', () => {
  it('listeners added while both are installed keep their frames and are removed after our uninstall and after a reinstall', () => {
    const proto = eventTargetPrototype();
    install();
    const foreign = foreignListenerWrap(proto);
    const element = document.createElement('div');
    const log: string[] = [];
    const first = (): number => log.push(`first ${seen()}`);
    const second = (): number => log.push(`second ${seen()}`);
    try {
      inFrame('A', () => element.addEventListener('x', first));
      inFrame('B', () => element.addEventListener('x', second));
      uninstall();
      element.dispatchEvent(new Event('x'));
      element.removeEventListener('x', first); // theirs translates to their wrapper, ours to our wrapper
      element.dispatchEvent(new Event('x'));
      install();
      element.removeEventListener('x', second);
      element.dispatchEvent(new Event('x'));
    } finally {
      foreign.unwrap();
    }
    expect(log).toEqual([`first ${frame('A')}`, `second ${frame('B')}`, `second ${frame('B')}`]);
  });
});
