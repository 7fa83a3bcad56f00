// Generators on servers: the runtime's AsyncLocalStorage carries context
// across `await`, but a generator's body runs in whoever calls next(). For
// code built with the await plugin, install() on the 'als' backend places the
// generator scopes, so that the body runs in the frame where the generator was
// created (the proposal's rule, semantics.md), and uninstall() takes them away.
import MagicString from 'magic-string';
import { parseSync } from 'oxc-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { backend, install, uninstall, Variable } from '../../src/index.js';
import { transformModule } from '../../src/await-transform/transform-module.js';

const HOOK = Symbol.for('taskcontext.await');
const source = `
function* counter(v) { yield v.get(); yield v.get(); }
async function* ticks(v) { await null; yield v.get(); await new Promise((r) => setTimeout(r, 1)); yield v.get(); }
async function reads(v) { await null; return v.get(); }`;

interface Built {
  counter(v: Variable<string>): Generator<string | undefined>;
  ticks(v: Variable<string>): AsyncGenerator<string | undefined>;
  reads(v: Variable<string>): Promise<string | undefined>;
}

/** The module above, built as the bundler plugins build it. */
function build(): Built {
  const built = transformModule(source, '/app/generators.js', { MagicString, parseSync });
  if (!built) throw new Error('the transform left the module as it was');
  return new Function(`${built.code}\nreturn { counter, ticks, reads };`)() as Built;
}

afterEach(() => uninstall());

describe('generators built with the await plugin, on the als backend', () => {
  it('runs on the als backend', () => {
    expect(backend()).toBe('als');
  });

  it('without install(), a body runs in the frame of the next() call (what install() changes)', () => {
    const { counter } = build();
    const v = new Variable<string>();
    const gen = v.run('created', () => counter(v));
    expect(v.run('caller', () => gen.next().value)).toBe('caller');
  });

  it('after install(), a generator body runs in its creation frame, and each caller keeps its own', () => {
    expect(install()).toBe(false); // the patch layer itself is for browsers
    const { counter } = build();
    const v = new Variable<string>();
    const gen = v.run('created', () => counter(v));
    expect(v.run('first caller', () => [gen.next().value, v.get()])).toEqual(['created', 'first caller']);
    expect(v.run('second caller', () => [gen.next().value, v.get()])).toEqual(['created', 'second caller']);
    expect(gen.next().value).toBe(undefined);
    expect(v.get()).toBe(undefined); // nothing left behind at the top
  });

  it('after install(), an async generator body runs in its creation frame across awaits and timers', async () => {
    install();
    const { ticks } = build();
    const v = new Variable<string>();
    const gen = v.run('created', () => ticks(v));
    const seen = await v.run('caller', async () => {
      const values = [(await gen.next()).value, v.get(), (await gen.next()).value, v.get()];
      return values;
    });
    expect(seen).toEqual(['created', 'caller', 'created', 'caller']);
  });

  it('async functions keep the runtime behaviour: install() gives them no scope of their own', async () => {
    install();
    const { reads } = build();
    const v = new Variable<string>();
    expect(await v.run('call', () => reads(v))).toBe('call');
    const hook = (globalThis as Record<symbol, unknown>)[HOOK] as (kind?: number) => object;
    expect(hook()).toBe(hook()); // one shared scope that does nothing: no allocation per call
    expect(hook(1)).not.toBe(hook(1)); // a generator gets one of its own
  });

  it('uninstall() puts back exactly what was at the hook, across cycles', () => {
    const before = Object.getOwnPropertyDescriptor(globalThis, HOOK);
    for (let i = 0; i < 10; i++) {
      install();
      expect(typeof (globalThis as Record<symbol, unknown>)[HOOK]).toBe('function');
      install(); // idempotent: one hook, not a stack
      uninstall();
      expect(Object.getOwnPropertyDescriptor(globalThis, HOOK)).toEqual(before);
    }
    const { counter } = build();
    const v = new Variable<string>();
    const gen = v.run('created', () => counter(v));
    expect(v.run('caller', () => gen.next().value)).toBe('caller');
  });
});
