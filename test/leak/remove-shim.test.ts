// The thin removeEventListener shim that may outlive uninstall() "while such
// listeners exist" (semantics.md). Its own file: the shim's bookkeeping is
// module state, so it must start from a fresh module and a pristine platform.
import { expect, it } from 'vitest';
import { install, uninstall } from '../../src/index.js';
import { usePatchLayer } from '../dom/setup-patch.js';
import { collected, inBigFrame } from './gc.js';

usePatchLayer();

/** happy-dom's EventTarget.prototype, from document's chain, and its platform removeEventListener (read before any install). */
let proto: object | null = document;
while (proto && !Object.prototype.hasOwnProperty.call(proto, 'removeEventListener')) proto = Object.getPrototypeOf(proto);
const holder = proto as { removeEventListener: unknown };
const platformRemove = holder.removeEventListener;

it('control: with every wrapped listener removed, uninstall() restores removeEventListener', () => {
  install();
  const element = document.createElement('div');
  const listener = (): void => {};
  element.addEventListener('x', listener);
  element.removeEventListener('x', listener);
  uninstall();
  expect(holder.removeEventListener).toBe(platformRemove);
});

// The shim stays while wrapped listeners may still be removed; a collected
// target's listeners can never be, so they must not keep it.
it('once the targets of all wrapped listeners are collected, uninstall() restores removeEventListener', async () => {
  install();
  const ref = inBigFrame(() => {
    const element = document.createElement('div');
    element.addEventListener('x', () => {});
  });
  expect(await collected(ref)).toBe(true); // the element, its listener and the frame are gone
  uninstall();
  // The engine reports collected targets to a FinalizationRegistry in a later
  // task: give it a few turns of the event loop.
  for (let turn = 0; turn < 20 && holder.removeEventListener !== platformRemove; turn++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(holder.removeEventListener).toBe(platformRemove);
});
