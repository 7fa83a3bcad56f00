// One test262 test in this process (started by node.ts with --expose-gc): the
// polyfill first, then the harness files and the test as scripts of the main
// realm. Prints one line: {"ok":true} or {"ok":false,"reason":"…"}.
// Plain CommonJS, so that each of the ~290 processes starts fast.
'use strict';
const vm = require('node:vm');
const { readFileSync } = require('node:fs');

const job = JSON.parse(readFileSync(0, 'utf8'));
let settled = false;

function finish(ok, reason) {
  if (settled) return;
  settled = true;
  process.stdout.write(`${JSON.stringify(ok ? { ok } : { ok, reason: String(reason).replace(/\s+/g, ' ').slice(0, 300) })}\n`);
  // Leave pending timers and registries behind: the verdict is in.
  process.exit(0);
}

function describeError(error) {
  if (typeof error === 'object' && error !== null && 'message' in error) return `${error.constructor?.name ?? 'Error'}: ${error.message}`;
  return `thrown ${String(error)}`;
}

process.on('uncaughtException', (error) => finish(false, `uncaught ${describeError(error)}`));
process.on('unhandledRejection', (error) => finish(false, `unhandled rejection ${describeError(error)}`));

require(job.polyfill);

/** A realm that shares this agent's AsyncContext (the proposal keeps the snapshot in the agent). */
function createRealm() {
  const context = vm.createContext();
  const global = vm.runInContext('this', context);
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'AsyncContext');
  if (descriptor) Object.defineProperty(global, 'AsyncContext', descriptor);
  const realm = {
    global,
    evalScript: (source) => vm.runInContext(source, context),
    createRealm,
    gc: globalThis.gc,
    detachArrayBuffer: undefined,
    agent: {},
  };
  global.$262 = realm;
  return realm;
}

globalThis.$262 = {
  global: globalThis,
  evalScript: (source) => vm.runInThisContext(source),
  createRealm,
  gc: globalThis.gc,
  agent: {},
};
globalThis.print = (message) => {
  const text = String(message);
  if (text === 'Test262:AsyncTestComplete') finish(true);
  else if (text.startsWith('Test262:AsyncTestFailure:')) finish(false, text.slice('Test262:AsyncTestFailure:'.length));
};

try {
  for (const { name, code } of job.harness) vm.runInThisContext(code, { filename: `harness/${name}` });
  if (job.module) {
    const { writeFileSync, mkdtempSync } = require('node:fs');
    const { join } = require('node:path');
    const file = join(mkdtempSync(join(require('node:os').tmpdir(), 't262-')), 'test.mjs');
    writeFileSync(file, job.code);
    import(file).then(() => job.async || finish(true), (error) => finish(false, describeError(error)));
  } else {
    vm.runInThisContext(job.code, { filename: job.name });
    if (!job.async) finish(true);
  }
} catch (error) {
  finish(false, describeError(error));
}
// Kept referenced: an async test may wait for a cleanup callback, which alone keeps nothing alive.
setTimeout(() => finish(false, `timed out after ${job.timeoutMs} ms${job.async ? ' (no $DONE)' : ''}`), job.timeoutMs);
