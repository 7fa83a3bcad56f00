/**
 * Size budget: dist/taskcontext.umd.min.js (what a <script> tag loads),
 * gzipped at level 9, must stay within bench/size-budget.json's
 * `umdMinGzipBytes`, the one place the budget is defined. The build is done by
 * `npm test` before vitest. What weighs most: `npx tsx bench/size.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const budget = JSON.parse(readFileSync(join(root, 'bench', 'size-budget.json'), 'utf8')) as { umdMinGzipBytes: number };

it('the minified UMD bundle fits the gzip size budget', () => {
  const file = join(root, 'dist', 'taskcontext.umd.min.js');
  expect(existsSync(file), 'dist/taskcontext.umd.min.js is missing: run npm run build').toBe(true);
  const minified = readFileSync(file);
  const gzipped = gzipSync(minified, { level: 9 }).length;
  console.log(
    `dist/taskcontext.umd.min.js: ${minified.length} B minified, ${gzipped} B gzip -9; budget ${budget.umdMinGzipBytes} B ` +
      `(${gzipped <= budget.umdMinGzipBytes ? `${budget.umdMinGzipBytes - gzipped} B to spare` : `${gzipped - budget.umdMinGzipBytes} B over`})`,
  );
  expect(Number.isInteger(budget.umdMinGzipBytes) && budget.umdMinGzipBytes > 0).toBe(true);
  expect(gzipped, `gzip -9 size of dist/taskcontext.umd.min.js, budget in bench/size-budget.json`).toBeLessThanOrEqual(budget.umdMinGzipBytes);
});
