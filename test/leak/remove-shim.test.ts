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

// BUG (reported): src/patch/event-listeners.ts counts live wrapped listeners
// in a plain number (liveEntries, line 25) beside a WeakMap keyed on targets.
// When a target with listeners added under install() is collected, its
// entries leave the WeakMap but the count never goes down, so after
// uninstall() the removeEventListener shim stays for good (removeShims(),
// lines 71 and 173, never runs) although no such listener exists any more.
it.fails('BUG: once the targets of all wrapped listeners are collected, uninstall() restores removeEventListener', async () => {
  install();
  const ref = inBigFrame(() => {
    const element = document.createElement('div');
    element.addEventListener('x', () => {});
  });
  expect(await collected(ref)).toBe(true); // the element, its listener and the frame are gone
  uninstall();
  expect(holder.removeEventListener).toBe(platformRemove);
});
