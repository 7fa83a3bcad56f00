import { transformAsync } from '@babel/core';
import type { Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadTransformTools } from '../../src/await-transform/peers.js';
import { transformModule } from '../../src/await-transform/transform-module.js';
import { run } from './processes.js';

// The engines that run a classic script with a small host around it
// (script-host.js): Hermes' CLI VM (hermes-engine-cli, the newest Hermes VM on
// npm) and QuickJS, Bellard's and quickjs-ng, through quickjs-emscripten in
// this process. Each run prints lines; the suite's SUITE-MANIFEST and
// SUITE-REPORT lines among them, and HOST-UNCAUGHT for an error that no
// listener took (a failure of the run).

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const hostSource = readFileSync(join(import.meta.dirname, 'script-host.js'), 'utf8');

export type ScriptEngine = 'hermes' | 'quickjs' | 'quickjs-ng';

export interface ScriptRun {
  /** Every line the script printed, in order. */
  lines: string[];
  /** Why the run did not end as it should (no report, a crash, a time-out), if it did not. */
  problem?: string;
}

const platformDir = process.platform === 'darwin' ? 'osx-bin' : process.platform === 'win32' ? 'win64-bin' : 'linux64-bin';
const exe = process.platform === 'win32' ? '.exe' : '';

/** The Hermes VM of hermes-engine-cli (0.12.0, its last release). */
export const hermesBinary = join(dirname(require.resolve('hermes-engine-cli/package.json')), platformDir, `hermes${exe}`);
/** hermesc of hermes-compiler: the compiler React Native's builds use. */
export const hermescBinary = join(dirname(require.resolve('hermes-compiler/package.json')), 'hermesc', platformDir, `hermesc${exe}`);

/** `hermes 0.12.0`, `quickjs 2025-09-13`, `quickjs-ng 0.12.1`. */
export function engineVersion(engine: ScriptEngine): string {
  if (engine === 'hermes') return `hermes ${require('hermes-engine-cli/package.json').version as string}`;
  const pkg = engine === 'quickjs' ? '@jitl/quickjs-wasmfile-release-sync' : '@jitl/quickjs-ng-wasmfile-release-sync';
  const readme = readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), 'README.md'), 'utf8');
  const version = /Version \[v?([^\]+]+)/.exec(readme)?.[1] ?? '?';
  return `${engine} ${version} (quickjs-emscripten ${require('quickjs-emscripten/package.json').version as string})`;
}

/** The options Metro gives @react-native/babel-preset for an app on Hermes 0.12 (see metroTransform). */
export const METRO_PRESET_OPTIONS = {
  // The profile for engines without classes ('hermes-stable', the preset's own default, targets Hermes V1 and keeps them).
  unstable_transformProfile: 'default',
  dev: false,
  // esbuild bundles the modules, as Metro does: keep their import/export. Babel's
  // helpers come from @babel/runtime, one module each, as in an app (inlined in
  // each module instead, the loose private-field keys would repeat across modules).
  disableImportExportTransform: true,
} as const;

const cacheDir = join(root, '.cache', 'metro-transform');

/**
 * Every module as Metro's default transform hands it to an app on Hermes
 * 0.12: `include`d modules through taskcontext's await transform first (what
 * taskcontext/metro does), then every module, dependencies too, through
 * @react-native/babel-preset (METRO_PRESET_OPTIONS). esbuild then bundles
 * the results without changing their syntax. Each module's output is kept in
 * .cache/metro-transform, keyed by its input, the preset's version and options.
 */
export function metroTransform(include: RegExp): Plugin {
  const presetVersion = (require('@react-native/babel-preset/package.json') as { version: string }).version;
  const tools = loadTransformTools('test/runtimes/script-engines.ts');
  return {
    name: 'metro-transform',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        let code = readFileSync(args.path, 'utf8');
        if (include.test(args.path)) code = transformModule(code, args.path, tools)?.code ?? code;
        const key = createHash('sha256').update(JSON.stringify([presetVersion, METRO_PRESET_OPTIONS, args.path.replace(/^.*\./, ''), code])).digest('hex');
        const cached = join(cacheDir, `${key}.js`);
        if (existsSync(cached)) return { contents: readFileSync(cached, 'utf8'), loader: 'js' };
        const result = await transformAsync(code, {
          filename: args.path,
          babelrc: false,
          configFile: false,
          sourceType: 'unambiguous',
          presets: [[require.resolve('@react-native/babel-preset'), METRO_PRESET_OPTIONS]],
        });
        if (typeof result?.code !== 'string') throw new Error(`@react-native/babel-preset gave no code for ${args.path}`);
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(cached, result.code);
        return { contents: result.code, loader: 'js' };
      });
    },
  };
}

/** What an engine runs after its host. */
export interface ScriptParts {
  /** Modules bundled into one script: run in a strict function (modules are strict; `this` in a plain call is undefined, as the suite checks). */
  code?: string;
  /** Classic scripts, run as they are at the top level before `code` (a UMD bundle reads the global object from `this`). */
  scripts?: string[];
}

/** The script an engine runs: the driver's two primitives, the host, then the parts. */
function hosted(prelude: string, { code, scripts = [] }: ScriptParts): string {
  const module = code === undefined ? '' : `(function () {\n'use strict';\n${code}\n})();\n`;
  return [prelude, hostSource, ...scripts, module].join('\n;\n');
}

/**
 * Hermes' CLI VM with its microtask queue (as React Native runs it). Its own
 * setTimeout ignores the delay and runs callbacks in order, one per turn: the
 * host's timers use it to start each turn and keep the due times themselves.
 */
export async function runInHermes(parts: ScriptParts, file: string, timeoutMs: number, extraArgs: string[] = []): Promise<ScriptRun> {
  const prelude = `var __hostLater = (function (later) { return function (fn) { later(fn, 0); }; })(setTimeout);\nvar __hostPrint = print;`;
  writeFileSync(file, hosted(prelude, parts));
  const result = await run(hermesBinary, ['-Xmicrotask-queue', ...extraArgs, file], { cwd: dirname(file), env: { PATH: process.env.PATH ?? '' }, timeoutMs });
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  const how = result.timedOut ? `killed after ${timeoutMs} ms` : result.code === 0 ? '' : `exited with ${result.signal ?? `code ${result.code}`}`;
  return { lines, ...(how && { problem: `${how}: ${`${result.stderr}\n${result.stdout}`.trim().slice(-2000)}` }) };
}

/**
 * QuickJS or quickjs-ng in this process (quickjs-emscripten's synchronous
 * release builds). The host's turns are Node timers: each calls into the VM,
 * then runs its pending jobs until none is left. Resolves once the script
 * printed a line starting with `until` (or SUITE-ERROR), or nothing is left to run.
 */
export async function runInQuickJS(engine: 'quickjs' | 'quickjs-ng', parts: ScriptParts, timeoutMs: number, until = 'SUITE-REPORT '): Promise<ScriptRun> {
  const { newQuickJSWASMModule, RELEASE_SYNC, shouldInterruptAfterDeadline } = await import('quickjs-emscripten');
  const variant = engine === 'quickjs' ? RELEASE_SYNC : ((await import('@jitl/quickjs-ng-wasmfile-release-sync')).default as typeof RELEASE_SYNC);
  const module = await newQuickJSWASMModule(variant);
  const runtime = module.newRuntime();
  const vm = runtime.newContext();
  const deadline = Date.now() + timeoutMs;
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(deadline));
  const lines: string[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let finish!: (problem?: string) => void;
  const finished = new Promise<string | undefined>((resolve) => (finish = resolve));
  let done = false;
  const end = (problem?: string) => {
    if (done) return;
    done = true;
    for (const timer of pending) clearTimeout(timer);
    finish(problem);
  };
  const describeError = (handle: Parameters<typeof vm.dump>[0]) => {
    const error = vm.dump(handle) as unknown;
    handle.dispose();
    if (error && typeof error === 'object') {
      const { name, message, stack } = error as { name?: string; message?: string; stack?: string };
      return `${name ?? 'Error'}: ${message ?? ''}${stack ? `\n${stack}` : ''}`;
    }
    return String(error);
  };
  const drain = () => {
    for (;;) {
      const result = runtime.executePendingJobs();
      if (result.error) {
        lines.push(`HOST-UNCAUGHT ${JSON.stringify(`job: ${describeError(result.error)}`)}`);
        continue;
      }
      if (result.value === 0) return;
    }
  };
  const print = vm.newFunction('__hostPrint', (line) => {
    const text = vm.getString(line);
    lines.push(text);
    if (text.startsWith(until) || text.startsWith('SUITE-ERROR ')) queueMicrotask(() => end());
  });
  vm.setProp(vm.global, '__hostPrint', print);
  print.dispose();
  const later = vm.newFunction('__hostLater', (fn, ms) => {
    const callback = fn.dup();
    const delay = Math.max(0, vm.getNumber(ms));
    const timer = setTimeout(() => {
      pending.delete(timer);
      if (done) return callback.dispose();
      if (Date.now() > deadline) return end(`no report within ${timeoutMs} ms`);
      const result = vm.callFunction(callback, vm.undefined);
      callback.dispose();
      if (result.error) lines.push(`HOST-UNCAUGHT ${JSON.stringify(`turn: ${describeError(result.error)}`)}`);
      else result.value.dispose();
      drain();
      if (pending.size === 0) end();
    }, delay);
    pending.add(timer);
  });
  vm.setProp(vm.global, '__hostLater', later);
  later.dispose();
  const overall = setTimeout(() => end(`no report within ${timeoutMs} ms`), timeoutMs);
  const result = vm.evalCode(hosted('', parts), 'suite.js');
  if (result.error) end(`the script threw: ${describeError(result.error)}`);
  else {
    result.value.dispose();
    drain();
    if (pending.size === 0) end();
  }
  const problem = await finished;
  clearTimeout(overall);
  // Not disposed: a callback the script left scheduled still holds handles, and
  // QuickJS aborts (an assertion) when a runtime with live objects is freed.
  // The module, and all it holds, goes with this run.
  const reported = lines.some((line) => line.startsWith(until));
  return { lines, ...((problem || !reported) && { problem: problem ?? `the script ended without printing ${until.trim()}:\n${lines.slice(-20).join('\n')}` }) };
}
