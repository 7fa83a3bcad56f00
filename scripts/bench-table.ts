// npx tsx scripts/bench-table.ts — copies the targets, the browser table and the
// Node table of the last `npm run bench` (bench/results/latest.md), with the
// memory table, into docs/status.md, between its bench markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const results = readFileSync(join(root, 'bench', 'results', 'latest.md'), 'utf8');
/** The Markdown section of `results` headed `heading`, without the heading. */
function section(heading: string): string {
  const start = results.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`bench/results/latest.md has no section "${heading}"`);
  const end = results.indexOf('\n## ', start + 3);
  return results.slice(start + heading.length + 3, end < 0 ? undefined : end).trim();
}
const generated = /^Generated .*$/m.exec(results)?.[0] ?? '';
const block = [
  generated,
  '',
  section('Targets'),
  '',
  section('Browsers: ratio to native · overhead per operation · median ms'),
  '',
  '### Memory',
  '',
  section('Memory'),
  '',
  '### Node',
  '',
  section('Node: ratio to node:async_hooks ALS · median ms'),
].join('\n');
const readme = join(root, 'docs', 'status.md');
const text = readFileSync(readme, 'utf8');
if (!text.includes('<!-- bench:start -->')) throw new Error('docs/status.md has no <!-- bench:start --> / <!-- bench:end --> markers');
writeFileSync(readme, text.replace(/(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/, `$1${block}\n$2`));
console.log(block.split('\n').slice(0, 12).join('\n'));
