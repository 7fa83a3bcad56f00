// Every README code block fenced as `ts run` is a whole program: it runs here,
// against the built package as a user imports it, and prints what its
// `// prints:` lines claim, in that order.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts run\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
// Inside the package, so that `import 'taskcontext'` resolves through its own exports map.
const dir = join(root, '.cache', 'readme-examples');

describe('README examples that claim an output', () => {
  it('there is at least one', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((code, index) => {
    const claims = [...code.matchAll(/^\/\/ prints: (.*)$/gm)].map((match) => match[1]!);
    it(`block ${index + 1} prints ${JSON.stringify(claims)}`, () => {
      expect(claims.length).toBeGreaterThan(0);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${index + 1}.mts`);
      writeFileSync(file, code);
      const output = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(output.trimEnd().split('\n')).toEqual(claims);
    });
  });
});
