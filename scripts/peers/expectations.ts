// Reads scripts/peers/expectations.json: the differences known, each with its
// reason. The runner fails on a difference not listed, and on a listed one
// that no longer happens, so that the list stays true.
import { readFileSync } from 'node:fs';
import type { Expectation } from './compare.js';

const file = new URL('./expectations.json', import.meta.url);

/** The expectations, checked: each needs a suite, a name and a reason. */
export function parseExpectations(text: string): Expectation[] {
  const data = JSON.parse(text) as { expectations?: unknown };
  if (!Array.isArray(data.expectations)) throw new Error('expectations.json: no "expectations" array');
  return data.expectations.map((entry: Partial<Expectation>, index) => {
    const where = `expectations.json, entry ${index + 1}`;
    if (typeof entry.suite !== 'string' || typeof entry.name !== 'string') throw new Error(`${where}: needs "suite" and "name"`);
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') throw new Error(`${where} (${entry.name}): needs a "reason"`);
    if (entry.engines !== undefined && !(Array.isArray(entry.engines) && entry.engines.every((engine) => typeof engine === 'string'))) {
      throw new Error(`${where} (${entry.name}): "engines" must be a list of engine names`);
    }
    return entry as Expectation;
  });
}

export function loadExpectations(): Expectation[] {
  return parseExpectations(readFileSync(file, 'utf8'));
}
