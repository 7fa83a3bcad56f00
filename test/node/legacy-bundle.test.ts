/**
 * dist/taskcontext.legacy.umd.min.js (scripts/legacy-bundle.mjs): ES5
 * syntax, the full bundle's API, and its behaviour in the engines it is for,
 * loaded there as it is:
 *
 * - acorn with ecmaVersion 5 parses it (no class, let, const, arrow, …);
 * - in a Node realm it exposes the names the full UMD bundle does;
 * - in Hermes 0.12 (hermes-engine-cli: no classes), QuickJS and quickjs-ng,
 *   each left with ES2015's built-ins only (test/runtimes/legacy-strip.js),
 *   test/runtimes/legacy-check.js passes all of its LEGACY_CHECKS checks:
 *   install() carries context through then, the host's timers and an
 *   EventTarget's listeners; Snapshot, Context, AsyncLocalStorage,
 *   ContextError and uninstall() work;
 * - by name, it calls no later built-in method (for the paths no check takes).
 *
 * The contract suite runs on it too (test/runtimes/run-runtimes.ts:
 * hermes-legacy, quickjs-legacy). The size budget is bench/size-budget.json's (test/node/size.test.ts). The
 * build is done by `npm test` before vitest (`npm run build` by hand).
 */
import { parse } from 'acorn';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { runInHermes, runInQuickJS, type ScriptEngine, type ScriptRun } from '../runtimes/script-engines.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const file = join(root, 'dist', 'taskcontext.legacy.umd.min.js');
const runtimes = join(root, 'test', 'runtimes');

/** How many checks legacy-check.js has: one dropped, or one that never reports, fails the count. */
const LEGACY_CHECKS = 13;

function bundle(): string {
  expect(existsSync(file), 'dist/taskcontext.legacy.umd.min.js is missing: run npm run build').toBe(true);
  return readFileSync(file, 'utf8');
}

it('is ES5 syntax: acorn parses it with ecmaVersion 5', () => {
  expect(() => parse(bundle(), { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
});

// What the engine test cannot reach (a path no check takes) is checked here by name.
it('calls none of the later built-in methods, and names no later global but those it tests for first', () => {
  const code = bundle();
  const laterMethods =
    /\.(?:hasOwn|fromEntries|getOwnPropertyDescriptors|flatMap|flat|includes|padStart|padEnd|trimStart|trimEnd|matchAll|replaceAll|allSettled|any|withResolvers|finally|at|findLast|findLastIndex|toSorted|toReversed|toSpliced|groupBy|fromAsync)\(/g;
  expect(code.match(laterMethods)).toBeNull();
  for (const name of ['WeakRef', 'AggregateError', 'structuredClone', 'BigInt', 'Atomics', 'SharedArrayBuffer']) expect(code).not.toContain(name);
  // Each of these is read behind a test for it: `typeof globalThis`, `typeof FinalizationRegistry`;
  // queueMicrotask and reportError are patched or called only where the engine has them.
  expect(code).toMatch(/typeof globalThis\?globalThis:/);
  expect(code).toMatch(/typeof FinalizationRegistry\?new FinalizationRegistry/);
});

/** Each exported name, with the own keys of its value and of its prototype (a class's statics and methods). */
function surface(code: string): Record<string, string[]> {
  const realm = vm.createContext({});
  vm.runInContext(code, realm);
  return JSON.parse(
    vm.runInContext(
      `(() => {
        const keys = (o) => Reflect.ownKeys(o).map(String).sort();
        const surface = { TaskContext: keys(TaskContext) };
        for (const name of Object.keys(TaskContext)) {
          const value = TaskContext[name];
          if (typeof value === 'object' && value !== null) surface[name] = keys(value);
          if (typeof value !== 'function') continue;
          surface[name] = keys(value);
          if (value.prototype) surface[name + '.prototype'] = keys(value.prototype);
        }
        return JSON.stringify(surface);
      })()`,
      realm,
    ) as string,
  ) as Record<string, string[]>;
}

it('exposes the names the full UMD bundle does', () => {
  const full = readFileSync(join(root, 'dist', 'taskcontext.umd.min.js'), 'utf8');
  expect(surface(bundle())).toEqual(surface(full));
});

interface LegacyReport {
  passed: string[];
  failed: Array<{ name: string; error: string }>;
  deleted: string[];
}

async function runIn(engine: ScriptEngine): Promise<ScriptRun> {
  const scripts = [join(runtimes, 'legacy-strip.js'), file, join(runtimes, 'legacy-check.js')].map((path) => readFileSync(path, 'utf8'));
  if (engine !== 'hermes') return runInQuickJS(engine, { scripts }, 30_000, 'LEGACY-REPORT ');
  const out = join(root, '.cache', 'runtimes');
  mkdirSync(out, { recursive: true });
  return runInHermes({ scripts }, join(out, 'legacy-hermes.js'), 30_000);
}

describe.each<ScriptEngine>(['hermes', 'quickjs', 'quickjs-ng'])('in %s with ES2015 built-ins only, loaded as it is', (engine) => {
  it(`passes all ${LEGACY_CHECKS} checks of test/runtimes/legacy-check.js`, { timeout: 60_000 }, async () => {
    bundle();
    const result = await runIn(engine);
    const line = result.lines.find((l) => l.startsWith('LEGACY-REPORT '));
    expect(line, `no report:\n${result.problem ?? ''}\n${result.lines.join('\n')}`).toBeDefined();
    const report = JSON.parse(line!.slice('LEGACY-REPORT '.length)) as LegacyReport;
    expect(report.failed).toEqual([]);
    expect(report.passed).toHaveLength(LEGACY_CHECKS);
    // The strip did its work: what every engine here has, it no longer had when the bundle loaded.
    expect(report.deleted).toEqual(expect.arrayContaining(['globalThis.globalThis', 'globalThis.queueMicrotask', 'Promise.prototype.finally', 'Object.fromEntries']));
    expect(result.lines.filter((l) => l.startsWith('HOST-UNCAUGHT '))).toEqual([]);
    expect(result.problem).toBeUndefined();
  });
});
