// The folders of src/ are layers: each imports only from the layers below it,
// so the core model stands on its own and a backend never reaches into the
// public API. This test reads every import of src/ and fails on an arrow that
// runs upwards (issue 12: "the core imports nothing above it"), and on an
// import circle (issue 22).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * What each folder may import from, besides itself. Entry files at the top of
 * src/ may import anything. Above the backends, only src/seam/ reads the
 * active backend: every API and patch goes through it.
 */
const allowed: Record<string, readonly string[]> = {
  core: [],
  host: ['core'],
  backends: ['core', 'host'],
  seam: ['core', 'backends'],
  instrument: ['core'],
  patch: ['core', 'host', 'seam', 'instrument'],
  api: ['core', 'host', 'seam', 'instrument', 'patch'],
  integrations: ['core', 'seam'],
  'await-transform': ['core'],
};

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** The layer (first folder under src/) of a file, or '' for an entry file at the top. */
function layerOf(file: string): string {
  const parts = relative(src, file).split(sep);
  return parts.length > 1 ? parts[0]! : '';
}

/** The module a relative specifier names: `./x.js` is `./x.ts`. */
const target = (file: string, specifier: string): string => resolve(dirname(file), specifier).replace(/\.js$/, '.ts');

const arrows = sources(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => ({ file, to: target(file, specifier), from: layerOf(file), toLayer: layerOf(target(file, specifier)) }));
});

/** Every import circle among the modules of src/ (type-only imports too: they say the modules know each other), as "a → b → a". */
function circles(): string[] {
  const next = new Map<string, string[]>();
  for (const arrow of arrows) next.set(arrow.file, [...(next.get(arrow.file) ?? []), arrow.to]);
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file].map((f) => relative(src, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    path.push(file);
    for (const to of next.get(file) ?? []) visit(to);
    path.pop();
    state.set(file, 'done');
  };
  for (const file of next.keys()) visit(file);
  return found;
}

describe('src/ layers', () => {
  it('no module of src/ imports itself back through a circle of imports', () => {
    expect(arrows.length).toBeGreaterThan(50); // the test sees what it checks
    expect(circles()).toEqual([]);
  });

  it('above the backends, only src/seam/ reads the active backend', () => {
    const readers = arrows.filter((arrow) => arrow.to === join(src, 'backends', 'active.ts') && !['backends', 'seam'].includes(arrow.from));
    expect(readers.map((arrow) => relative(src, arrow.file))).toEqual([]);
  });

  it('reads the imports of every layer (the test sees what it checks)', () => {
    const seen = new Set(arrows.map((arrow) => arrow.from));
    for (const layer of Object.keys(allowed)) expect(seen, `no import read in src/${layer}`).toContain(layer);
  });

  for (const [layer, below] of Object.entries(allowed)) {
    it(`src/${layer} imports only ${below.length ? below.map((b) => `src/${b}`).join(', ') : 'itself'}`, () => {
      const upwards = arrows
        .filter((arrow) => arrow.from === layer && arrow.toLayer !== layer && !below.includes(arrow.toLayer))
        .map((arrow) => `${relative(src, arrow.file)} → src/${arrow.toLayer || '(entry)'}`);
      expect(upwards).toEqual([]);
    });
  }
});
