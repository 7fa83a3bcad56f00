// npx tsx scripts/status-table.ts — writes the engine/runtime status table into
// docs/status.md (between its status markers) from the last `npm test` run's
// reports in .cache/results/.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requirementText, type Requirement } from '../test/portable/profile.js';

interface Saved {
  at: string;
  reports: Array<{ engine: string; version: string; backend?: string; passed: number; failed: number; skipped: number; skips: Array<{ name: string; requires?: Requirement }> }>;
}

const root = join(import.meta.dirname, '..');
const rows: string[] = [];
let at = '';
for (const kind of ['browsers', 'runtimes'] as const) {
  const file = join(root, '.cache', 'results', `${kind}.json`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm test first`);
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  at = saved.at > at ? saved.at : at;
  for (const r of saved.reports) {
    const status = r.failed === 0 ? 'pass' : 'FAIL';
    // Every skip names the capability it needs (the runners fail one that does not).
    const gaps = [...new Set(r.skips.map(({ requires }) => (requires ? requirementText(requires) : 'no reason')))];
    rows.push(
      `| ${r.engine} | ${r.version} | \`${r.backend ?? '?'}\` | ${status}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped | ${gaps.join('; ') || '—'} |`,
    );
  }
}
const table = [
  `Contract suite (test/contract/) as last run by \`npm test\` on ${at.slice(0, 10)}:`,
  '',
  '| engine / runtime | version | backend | contract suite | skipped for |',
  '| --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
const readme = join(root, 'docs', 'status.md');
const text = readFileSync(readme, 'utf8');
const updated = text.replace(/(<!-- status:start -->\n)[\s\S]*?(<!-- status:end -->)/, `$1${table}\n$2`);
if (updated === text && !text.includes(table)) throw new Error('docs/status.md has no <!-- status:start --> / <!-- status:end --> markers');
writeFileSync(readme, updated);
console.log(table);
