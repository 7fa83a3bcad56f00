// Exact uninstall across many cycles (issue 12): install/uninstall ten times
// in a row, switching the events policy, with on* handlers set while
// installed, leaves every patched property the platform's own again, or, where
// a handler set while installed still lives, the one pass-through layer the
// first cycle left: never another layer per cycle. And the await hook of code
// built by taskcontext/rollup is put back as it was, beside another copy's.
import { describe, expect, it } from 'vitest';
import { install, uninstall, Variable } from '../../src/index.js';
import { AWAIT_HOOK_KEY, type AwaitHook, type AwaitScope } from '../../src/core/await-hook.js';
import { usePatchLayer } from './setup-patch.js';
import { frame, inFrame, seen } from './frames.js';

usePatchLayer();

type Holder = Record<PropertyKey, unknown>;

function eventTargetPrototype(): object {
  let object: object | null = document;
  while (object && !Object.hasOwn(object, 'addEventListener')) object = Object.getPrototypeOf(object);
  return object!;
}

/** Every place install() may replace, as [label, holder, key]. */
const PLACES: Array<[string, object, PropertyKey]> = [
  ['Promise.prototype.then', Promise.prototype, 'then'],
  ['XMLHttpRequest.prototype.send', XMLHttpRequest.prototype, 'send'],
  ['EventTarget.prototype.addEventListener', eventTargetPrototype(), 'addEventListener'],
  ['EventTarget.prototype.removeEventListener', eventTargetPrototype(), 'removeEventListener'],
  ['HTMLElement.prototype.onclick', HTMLElement.prototype, 'onclick'],
  ['HTMLElement.prototype.onkeydown', HTMLElement.prototype, 'onkeydown'],
  ...['onload', 'onloadend', 'onerror'].map((key) => ['XMLHttpRequestEventTarget.prototype.' + key, xhrHandlerHolder(key), key] as [string, object, PropertyKey]),
  ...['setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'MutationObserver', 'onclick', 'onmessage'].map(
    (key) => [`globalThis.${key}`, globalThis, key] as [string, object, PropertyKey],
  ),
];

function xhrHandlerHolder(key: string): object {
  let object: object | null = XMLHttpRequest.prototype;
  while (object && !Object.hasOwn(object, key)) object = Object.getPrototypeOf(object);
  return object!;
}

/** What each place holds: the value, or the accessor pair. */
function snapshot(): Record<string, unknown[]> {
  return Object.fromEntries(
    PLACES.map(([label, holder, key]) => {
      const own = Object.getOwnPropertyDescriptor(holder, key);
      return [label, [own?.value, own?.get, own?.set]];
    }),
  );
}

/** The labels whose content differs between two snapshots. */
function differing(a: Record<string, unknown[]>, b: Record<string, unknown[]>): string[] {
  return Object.keys(a).filter((label) => a[label]!.some((part, i) => part !== b[label]![i]));
}

/** The depth of the stack a handler runs at, when `element.click()` calls it. */
function handlerDepth(element: HTMLElement): number {
  let depth = -1;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity;
  try {
    inFrame('D', () => {
      element.onclick = () => {
        depth = new Error().stack!.split('\n').length;
      };
    });
    element.click();
  } finally {
    Error.stackTraceLimit = limit;
  }
  return depth;
}

// Taken when this file loads, before anything installs (each test file gets a fresh environment).
const platform = snapshot();

describe('ten install/uninstall cycles, switching policy, with on* handlers set while installed', () => {
  it('leave each property as the platform has it, or the one pass-through layer of the first cycle', () => {
    const kept: object[] = []; // handlers set while installed, alive to the end
    const element = document.createElement('button');
    const request = new XMLHttpRequest();
    const cycle = (events: 'registration' | 'dispatch'): void => {
      install({ events });
      const button = document.createElement('button');
      inFrame('A', () => {
        button.onclick = () => {};
        request.onload = () => {};
      });
      kept.push(button);
      uninstall();
    };
    install();
    const depthInstalled = handlerDepth(element);
    uninstall();
    cycle('registration');
    const afterFirst = snapshot();
    const depthAfterFirst = handlerDepth(element);
    for (let i = 1; i < 10; i++) cycle(i % 2 === 0 ? 'registration' : 'dispatch');
    expect(differing(snapshot(), afterFirst)).toEqual([]);
    // Only the on* properties that were given a handler keep a (single) layer.
    expect(differing(snapshot(), platform).sort()).toEqual(
      ['HTMLElement.prototype.onclick', 'XMLHttpRequestEventTarget.prototype.onload'].sort(),
    );
    expect(handlerDepth(element)).toBe(depthAfterFirst);
    // Installed again, a handler runs through as many calls as at the first install, in its frame.
    install();
    expect(handlerDepth(element)).toBe(depthInstalled);
    const log: string[] = [];
    inFrame('A', () => (element.onclick = () => log.push(seen())));
    inFrame('B', () => element.click());
    expect(log).toEqual([frame('A')]);
    uninstall();
    expect(kept).toHaveLength(10);
  }, 60_000); // each install walks every global interface: slow in happy-dom

  it('without handlers, every property is the platform\'s own again after each cycle', () => {
    for (let i = 0; i < 10; i++) {
      install({ events: i % 2 === 0 ? 'registration' : 'dispatch' });
      uninstall();
      // The layers the first test kept are pass-throughs: same as then.
    }
    const now = snapshot();
    for (const label of differing(now, platform)) expect(label).toMatch(/onclick|onload$/);
  }, 60_000);
});

describe('the await hook of built code', () => {
  const key = Symbol.for(AWAIT_HOOK_KEY);
  const holder = globalThis as unknown as Record<symbol, unknown>;

  /** Another copy of the library (an SDK's bundle): a hook that counts what built code tells it. */
  function otherCopy(): { hook: AwaitHook; log: string[] } {
    const log: string[] = [];
    const scope: AwaitScope = {
      s: (value) => (log.push('s'), value),
      r: (value) => (log.push('r'), value),
      x: () => void log.push('x'),
    };
    return { hook: () => scope, log };
  }

  /** What built code does around `await x`, and at the end. */
  async function builtCode(variable: Variable<string>): Promise<string> {
    const hook = holder[key] as AwaitHook | undefined;
    const scope = hook ? hook() : { s: <T>(v: T) => v, r: <T>(v?: T) => v, x() {} };
    try {
      scope.r(await scope.s(new Promise((resolve) => setTimeout(resolve, 1))));
      return variable.get()!;
    } finally {
      scope.x();
    }
  }

  it('uninstall() puts back the hook another copy placed before install()', () => {
    const other = otherCopy();
    holder[key] = other.hook;
    try {
      install();
      expect(holder[key]).not.toBe(other.hook);
      uninstall();
      expect(holder[key]).toBe(other.hook);
    } finally {
      delete holder[key];
    }
  });

  it('with no hook before, uninstall() leaves none, whatever the number of cycles', () => {
    for (let i = 0; i < 10; i++) {
      install({ events: i % 2 === 0 ? 'registration' : 'dispatch' });
      expect(typeof holder[key]).toBe('function');
      uninstall();
      expect(Object.getOwnPropertySymbols(globalThis)).not.toContain(key);
    }
  }, 60_000);

  it("while installed over another copy's hook, built code tells both: both copies keep context across await", async () => {
    const other = otherCopy();
    holder[key] = other.hook;
    const v = new Variable<string>({ defaultValue: 'empty' });
    try {
      install();
      expect(await v.run('ours', () => builtCode(v))).toBe('ours');
      expect(other.log).toEqual(['s', 'r', 'x']);
    } finally {
      uninstall();
      delete holder[key];
    }
  });

  it("another copy installed after us stays after our uninstall(), and ours only passes through to what it found", async () => {
    const below = otherCopy();
    holder[key] = below.hook;
    const v = new Variable<string>({ defaultValue: 'empty' });
    try {
      install();
      const ours = holder[key] as AwaitHook;
      // The other copy places its hook over ours, running ours under it (as this library does).
      const above = otherCopy();
      const aboveHook: AwaitHook = () => {
        const under = ours();
        const own = above.hook();
        return { s: (x) => own.s(under.s(x)), r: (x) => own.r(under.r(x)), x: () => (under.x(), own.x()) };
      };
      holder[key] = aboveHook;
      uninstall();
      expect(holder[key]).toBe(aboveHook);
      // Ours is off: built code no longer keeps our frame, but still reaches the copy below.
      expect(await v.run('ours', () => builtCode(v))).toBe('empty');
      expect(above.log).toEqual(['s', 'r', 'x']);
      expect(below.log).toEqual(['s', 'r', 'x']);
    } finally {
      delete holder[key];
    }
  });
});
