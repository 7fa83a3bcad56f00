// The folders of src/ are layers: each imports only from the layers below it,
// so the core model stands on its own and a backend never reaches into the
// public API. This test reads every import of src/ and fails on an arrow that
// runs upwards (issue 12: "the core imports nothing above it").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** What each folder may import from, besides itself. Entry files at the top of src/ may import anything. */
const allowed: Record<string, readonly string[]> = {
  core: [],
  backends: ['core'],
  'await-transform': ['core'],
  patch: ['core', 'backends'],
  api: ['core', 'backends', 'patch'],
  integrations: ['core', 'backends', 'api'],
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

const arrows = sources(src).flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => ({ file, from: layerOf(file), to: layerOf(resolve(dirname(file), specifier)) }));
});

describe('src/ layers', () => {
  it('reads the imports of every layer (the test sees what it checks)', () => {
    const seen = new Set(arrows.map((arrow) => arrow.from));
    for (const layer of Object.keys(allowed)) expect(seen, `no import read in src/${layer}`).toContain(layer);
  });

  for (const [layer, below] of Object.entries(allowed)) {
    it(`src/${layer} imports only ${below.length ? below.map((b) => `src/${b}`).join(', ') : 'itself'}`, () => {
      const upwards = arrows
        .filter((arrow) => arrow.from === layer && arrow.to !== layer && !below.includes(arrow.to))
        .map((arrow) => `${relative(src, arrow.file)} → src/${arrow.to || '(entry)'}`);
      expect(upwards).toEqual([]);
    });
  }
});
