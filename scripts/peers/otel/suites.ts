// The OpenTelemetry JS test files this runner borrows, and how each is
// pointed at our manager: each package's test file imports the manager from
// the package's own `src/`, which our run replaces with a shim.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const shims = join(import.meta.dirname, '..', 'shims');

export type OtelSuiteId = 'context-async-hooks' | 'context-zone';

export interface OtelSuite {
  id: OtelSuiteId;
  /** The package's folder in the checkout. */
  packageDir: string;
  /** The class the test file imports from the package's src/, and whose suite is run (the root `describe` named after it). */
  manager: string;
  /** Our stand-in for the package's src/ (scripts/peers/shims/). */
  shim: string;
  /** Imports our run drops: what TaskContextManager replaces (zone.js). */
  dropInOurs: string[];
  /** Where the file runs: on the server runtimes, or in the browsers (it needs a DOM). */
  where: 'servers' | 'browsers';
}

export const OTEL_SUITES: readonly OtelSuite[] = [
  {
    id: 'context-async-hooks',
    packageDir: 'packages/opentelemetry-context-async-hooks',
    manager: 'AsyncLocalStorageContextManager',
    shim: join(shims, 'async-hooks.ts'),
    dropInOurs: [],
    where: 'servers',
  },
  {
    id: 'context-zone',
    packageDir: 'packages/opentelemetry-context-zone-peer-dep',
    manager: 'ZoneContextManager',
    shim: join(shims, 'zone.ts'),
    dropInOurs: ['zone.js'],
    where: 'browsers',
  },
];

/**
 * The test file of `suite` in the checkout: the one in the package's test/
 * that imports the manager from `../src` (its name has changed over time:
 * AsyncHooksContextManager.test.ts covers both of that package's managers).
 */
export function findTestFile(checkout: string, suite: OtelSuite): string {
  const dir = join(checkout, suite.packageDir, 'test');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: is ${checkout} an open-telemetry/opentelemetry-js checkout?`);
  const candidates = readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
    .filter((file) => {
      const imports = new RegExp(`import\\s*\\{[^}]*\\b${suite.manager}\\b[^}]*\\}\\s*from\\s*['"]\\.\\./src(/[^'"]*)?['"]`);
      return imports.test(readFileSync(file, 'utf8'));
    });
  if (candidates.length !== 1) {
    throw new Error(`${dir}: expected one test file importing ${suite.manager} from ../src, found ${candidates.length ? candidates.join(', ') : 'none'}`);
  }
  return candidates[0]!;
}

/** Mocha's grep for the manager's own root suite: `describe(Manager.name, …)`, or `describe('Manager', …)`. */
export function grepFor(suite: OtelSuite): string {
  return `^${suite.manager} `;
}
