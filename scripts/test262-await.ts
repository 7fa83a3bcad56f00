// npx tsx scripts/test262-await.ts <test262 checkout> [--filter=substring]
//
// An external check of the await transform against test262 (tc39/test262's
// test/language tests of async functions and arrows, async methods, async
// generators, generators, yield, await and for await): each test runs as
// written with nothing installed, then transformed (src/await-transform) with
// the patch layer installed (dist/taskcontext.umd.js, as a page would load
// it), each in a fresh vm context on Node. Every test whose outcome differs
// is listed. The tests are not part of this repository; fetch the checkout.
// Module tests (flag `module`) are skipped: vm modules need a Node flag.
// Exits 1 when an outcome differs, when a test fails both ways that is not
// expected to (EXPECTED_TO_FAIL_BOTH_WAYS), when one expected to passes now,
// when no test ran, and on an unhandled rejection of the runner's own.
import MagicString from 'magic-string';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import vm from 'node:vm';
import { parseSync } from 'oxc-parser';
import { transformModule } from '../src/await-transform/transform-module.js';

const [checkout] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const filter = process.argv.find((a) => a.startsWith('--filter='))?.slice('--filter='.length);
if (!checkout || !existsSync(join(checkout, 'test', 'language'))) {
  console.error('usage: npx tsx scripts/test262-await.ts <test262 checkout> [--filter=substring]');
  process.exit(2);
}

/**
 * The tests that fail as written and transformed alike, on Node 20 (V8 11.3),
 * at the head of test262's pull request 3874 (f356f3ce): not the transform's doing.
 */
const EXPECTED_TO_FAIL_BOTH_WAYS: Record<string, string> = {
  'language/expressions/async-generator/eval-body-proto-realm.js': 'this runner has no $262.createRealm',
  'language/expressions/generators/eval-body-proto-realm.js': 'this runner has no $262.createRealm',
  ...Object.fromEntries(
    ['expressions/async-generator', 'expressions/generators', 'statements/async-generator', 'statements/generators'].map((folder) => [
      `language/${folder}/generator-created-after-decl-inst.js`,
      "V8 creates the generator object before the parameters' defaults run (the spec: after)",
    ]),
  ),
};

const FOLDERS = [
  'expressions/async-function', 'expressions/async-arrow-function', 'expressions/async-generator', 'expressions/generators',
  'expressions/await', 'expressions/yield', 'statements/async-function', 'statements/async-generator', 'statements/generators',
  'statements/for-await-of', 'expressions/class/async-gen-method', 'expressions/class/async-method', 'expressions/class/gen-method',
  'statements/class/async-gen-method', 'statements/class/async-method', 'statements/class/gen-method', 'expressions/object/method-definition',
];

const root = join(import.meta.dirname, '..');
const library = readFileSync(join(root, 'dist', 'taskcontext.umd.js'), 'utf8');
const harnessCache = new Map<string, string>();
const harness = (name: string) => {
  if (!harnessCache.has(name)) harnessCache.set(name, readFileSync(join(checkout, 'harness', name), 'utf8'));
  return harnessCache.get(name)!;
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.js') && !name.includes('_FIXTURE') ? [path] : [];
  });
}

interface Meta {
  flags: string[];
  includes: string[];
  negativePhase: string | undefined;
  negativeType: string | undefined;
}

function meta(source: string): Meta {
  const block = /\/\*---([\s\S]*?)---\*\//.exec(source)?.[1] ?? '';
  const list = (key: string) => {
    // Some files indent their front matter: keys may start after spaces.
    const inline = new RegExp(`^\\s*${key}:\\s*\\[(.*)\\]`, 'm').exec(block)?.[1];
    if (inline !== undefined) return inline.split(',').map((s) => s.trim()).filter(Boolean);
    const multi = new RegExp(`^\\s*${key}:\\s*\\n((?:\\s+-.*\\n?)*)`, 'm').exec(block)?.[1];
    return multi ? multi.split('\n').map((s) => s.replace(/^\s*-\s*/, '').trim()).filter(Boolean) : [];
  };
  const negative = /^\s*negative:\s*\n\s+phase:\s*(\w+)\s*\n\s+type:\s*(\w+)/m.exec(block);
  return { flags: list('flags'), includes: list('includes'), negativePhase: negative?.[1], negativeType: negative?.[2] };
}

/** Runs one test; resolves to 'pass' or what went wrong. */
async function run(source: string, m: Meta, withTransform: boolean): Promise<string> {
  const strict = m.flags.includes('onlyStrict');
  let body = source;
  if (withTransform) {
    try {
      body = transformModule((strict ? '"use strict";\n' : '') + source, '/test262/test.js', { MagicString, parseSync })?.code ?? body;
      if (strict) body = body.replace(/^"use strict";\n/, '');
    } catch (error) {
      return m.negativePhase === 'parse' && (error as Error).name === 'SyntaxError' ? 'pass' : `transform threw ${String(error).slice(0, 200)}`;
    }
  }
  let done: string | undefined;
  const context = vm.createContext({ print: (message: string) => void (done ??= String(message)) });
  vm.runInContext('globalThis.$262 = { global: globalThis, evalScript: (s) => (0, eval)(s) };', context);
  if (withTransform) vm.runInContext(`${library}\nTaskContext.install();`, context, { filename: 'taskcontext.umd.js' });
  const prelude = ['assert.js', 'sta.js', ...(m.flags.includes('async') ? ['doneprintHandle.js'] : []), ...m.includes].map(harness).join('\n');
  const raw = m.flags.includes('raw');
  const code = raw ? body : `${strict ? '"use strict";\n' : ''}${prelude}\n${body}`;
  try {
    vm.runInContext(code, context, { filename: 'test.js', timeout: 5000 });
  } catch (error) {
    const name = (error as Error | undefined)?.constructor?.name ?? typeof error;
    if (m.negativeType && name === m.negativeType) return 'pass';
    return `threw ${name}: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
  }
  if (m.negativeType) return `expected ${m.negativeType}`;
  if (!m.flags.includes('async')) return 'pass';
  for (let i = 0; i < 50 && done === undefined; i++) await new Promise((resolve) => setTimeout(resolve, i < 10 ? 0 : 10));
  if (done === 'Test262:AsyncTestComplete') return 'pass';
  return done ?? 'async test never finished';
}

// Tests reject promises on purpose: the vm contexts share this process's
// rejection tracking. Theirs are promises of their own realms; one of this
// realm's is the runner's own, and fails the run.
let runnerRejections = 0;
process.on('unhandledRejection', (reason, promise) => {
  if (!(promise instanceof Promise)) return;
  runnerRejections++;
  console.log(`FAIL unhandled rejection in the runner: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  process.exitCode = 1;
});

const missing = FOLDERS.filter((folder) => !existsSync(join(checkout, 'test', 'language', folder)));
if (missing.length > 0) console.log(`not in the checkout: test/language/${missing.join(', test/language/')}`);
const tests = FOLDERS.filter((folder) => !missing.includes(folder))
  .flatMap((folder) => files(join(checkout, 'test', 'language', folder)))
  .filter((file) => !filter || file.includes(filter));
let same = 0;
let skipped = 0;
const differences: string[] = [];
const failingBoth: string[] = [];
const problems: string[] = [];
for (const file of tests) {
  const source = readFileSync(file, 'utf8');
  const m = meta(source);
  if (m.flags.includes('module')) {
    skipped++;
    continue;
  }
  const asWritten = await run(source, m, false);
  const transformed = await run(source, m, true);
  const name = relative(join(checkout, 'test'), file).split('\\').join('/');
  const expectedToFail = EXPECTED_TO_FAIL_BOTH_WAYS[name];
  if (asWritten === transformed) {
    same++;
    if (asWritten !== 'pass') {
      failingBoth.push(`${name}: ${asWritten}${expectedToFail ? ` (expected: ${expectedToFail})` : ''}`);
      if (!expectedToFail) problems.push(`${name} fails both ways, and is not expected to: ${asWritten}`);
    } else if (expectedToFail) problems.push(`${name} passes now, but is expected to fail both ways (${expectedToFail}): take it off EXPECTED_TO_FAIL_BOTH_WAYS`);
  } else differences.push(`${name}\n    as written: ${asWritten}\n    transformed: ${transformed}`);
}
const ran = tests.length - skipped;
if (ran === 0) problems.push('no test ran');
console.log(`test262-await: ${tests.length} tests, ${same} same outcome (${failingBoth.length} of them fail both ways), ${differences.length} differ, ${skipped} module tests skipped`);
for (const line of differences) console.log(`DIFF ${line}`);
if (process.argv.includes('--verbose')) for (const line of failingBoth) console.log(`BOTH ${line}`);
for (const problem of problems) console.log(`FAIL ${problem}`);
// A rejection may still arrive after this line: the handler above fails the run then.
if (differences.length + problems.length + runnerRejections > 0) process.exitCode = 1;
