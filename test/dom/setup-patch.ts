// Imported by every test of the patch layer. On Node the default backend is
// 'als', which carries context by itself; the patch layer only does anything
// on the 'patch' backend, so force it before any install().
//
// Not a vitest setupFile on purpose: the contract suite shares the dom project
// with its own setup, and these files must not depend on (or disturb) it.
import { afterEach, beforeEach, expect } from 'vitest';
import { backend, installed, uninstall, useBackend } from '../../src/index.js';

useBackend('patch');

/**
 * The patch layer is not installed, and what taskcontext still keeps in place
 * (a remove shim while listeners added while installed are registered, an
 * `on*` pass-through that may hold a handler) says why.
 */
export function expectUninstalled(): void {
  const now = installed();
  expect(now?.events).toBeUndefined();
  for (const { key, stays } of now?.properties ?? []) expect(stays, `${String(key)} stays without a reason`).toEqual(expect.any(String));
}

/**
 * Every test starts and ends with the patch layer uninstalled, whatever an
 * earlier test or another setup file left behind.
 */
export function usePatchLayer(): void {
  beforeEach(() => {
    uninstall();
    expect(backend()).toBe('patch');
    expectUninstalled();
  });
  afterEach(() => {
    uninstall();
    expectUninstalled();
  });
}
