// FinalizationRegistry in the patch layer, with real garbage collection
// (the 'leak' project runs with --expose-gc): the cleanup callback runs in the
// frame where the registry was constructed (the proposal), and the class
// stays the platform's in every way a program can look at it.
import { describe, expect, it } from 'vitest';
import { install, uninstall, Variable } from '../../src/index.js';
import { usePatchLayer } from '../dom/setup-patch.js';

usePatchLayer();

const PlatformRegistry = globalThis.FinalizationRegistry;
const v = new Variable<string>({ name: 'where' });

/** Registers a fresh object (made in here, so nothing else holds it) with `registry`, in frame `where`. */
function registerGarbage(registry: FinalizationRegistry<string>, held: string, where: string): void {
  v.run(where, () => registry.register({ payload: new Array(1000).fill(held) }, held));
}

/** Collects garbage, with turns of the event loop, until `done()` or ~20 tries. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 20 && !done(); attempt++) {
    (globalThis as unknown as { gc: () => void }).gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A registry built in frame 'constructed' whose cleanup records the frame it runs in. */
function registryIn(seen: Array<[string, string | undefined]>): FinalizationRegistry<string> {
  return v.run('constructed', () => new FinalizationRegistry<string>((held) => seen.push([held, v.get()])));
}

describe('the cleanup callback runs in the frame of construction', () => {
  it('control: without the patch layer it runs in the empty frame', async () => {
    const seen: Array<[string, string | undefined]> = [];
    const registry = registryIn(seen);
    registerGarbage(registry, 'a', 'registering');
    await v.run('collecting', () => collectUntil(() => seen.length > 0));
    expect(seen).toEqual([['a', undefined]]);
  });

  it('installed: the frame at new FinalizationRegistry, not the one at register() or at the collection', async () => {
    install();
    const seen: Array<[string, string | undefined]> = [];
    const registry = registryIn(seen);
    registerGarbage(registry, 'a', 'registering');
    registerGarbage(registry, 'b', 'registering again');
    await v.run('collecting', () => collectUntil(() => seen.length > 1));
    expect(seen.sort()).toEqual([
      ['a', 'constructed'],
      ['b', 'constructed'],
    ]);
    expect(v.get()).toBeUndefined();
  });

  it('a registry made while installed keeps its frame after uninstall', async () => {
    install();
    const seen: Array<[string, string | undefined]> = [];
    const registry = registryIn(seen);
    uninstall();
    registerGarbage(registry, 'a', 'registering');
    await collectUntil(() => seen.length > 0);
    expect(seen).toEqual([['a', 'constructed']]);
  });

  it('a subclass made while installed gets the frame too', async () => {
    install();
    class Counting extends FinalizationRegistry<string> {}
    const seen: Array<[string, string | undefined]> = [];
    const registry = v.run('constructed', () => new Counting((held) => seen.push([held, v.get()])));
    expect(registry).toBeInstanceOf(Counting);
    registerGarbage(registry, 'a', 'registering');
    await collectUntil(() => seen.length > 0);
    expect(seen).toEqual([['a', 'constructed']]);
  });
});

describe('the class stays the platform one', () => {
  it('uninstall puts back the original constructor and prototype.constructor', () => {
    install();
    expect(globalThis.FinalizationRegistry).not.toBe(PlatformRegistry);
    uninstall();
    expect(globalThis.FinalizationRegistry).toBe(PlatformRegistry);
    expect(PlatformRegistry.prototype.constructor).toBe(PlatformRegistry);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'FinalizationRegistry')).toMatchObject({ writable: true, enumerable: false, configurable: true });
  });

  it('name, length, prototype and its descriptor, constructor, instanceof both ways', () => {
    const before = new PlatformRegistry(() => {});
    install();
    const Registry = globalThis.FinalizationRegistry;
    expect(Registry.name).toBe('FinalizationRegistry');
    expect(Registry.length).toBe(1);
    expect(Registry.prototype).toBe(PlatformRegistry.prototype);
    expect(Object.getOwnPropertyDescriptor(Registry, 'prototype')).toMatchObject({ writable: false, enumerable: false, configurable: false });
    const during = new Registry(() => {});
    expect(Object.getPrototypeOf(during)).toBe(PlatformRegistry.prototype);
    expect(during.constructor).toBe(Registry);
    expect(during).toBeInstanceOf(PlatformRegistry);
    expect(before).toBeInstanceOf(Registry);
    expect(Object.prototype.toString.call(during)).toBe('[object FinalizationRegistry]');
    uninstall();
    expect(during).toBeInstanceOf(globalThis.FinalizationRegistry);
    expect(during.constructor).toBe(PlatformRegistry);
  });

  it('the platform errors: without new, a cleanup that is not a function', () => {
    install();
    const Registry = globalThis.FinalizationRegistry as unknown as (cleanup: unknown) => unknown;
    expect(() => Registry(() => {})).toThrow(TypeError);
    expect(() => new (Registry as unknown as new (cleanup: unknown) => unknown)('not a function')).toThrow(TypeError);
    expect(() => new (Registry as unknown as new (cleanup: unknown) => unknown)(undefined)).toThrow(TypeError);
  });

  it('another wrapper installed after ours keeps working after uninstall, ours passes through', async () => {
    install();
    const Ours = globalThis.FinalizationRegistry;
    let constructed = 0;
    const Theirs = function (this: unknown, cleanup: (held: string) => void) {
      constructed++;
      return Reflect.construct(Ours, [cleanup], new.target ?? Ours) as object;
    };
    Theirs.prototype = Ours.prototype;
    globalThis.FinalizationRegistry = Theirs as unknown as FinalizationRegistryConstructor;
    try {
      uninstall();
      expect(globalThis.FinalizationRegistry).toBe(Theirs);
      const seen: Array<[string, string | undefined]> = [];
      const registry = registryIn(seen);
      expect(constructed).toBe(1);
      registerGarbage(registry, 'a', 'registering');
      await collectUntil(() => seen.length > 0);
      // Ours is a pass-through now: the platform's behaviour, the empty frame.
      expect(seen).toEqual([['a', undefined]]);
    } finally {
      globalThis.FinalizationRegistry = PlatformRegistry;
    }
  });
});
