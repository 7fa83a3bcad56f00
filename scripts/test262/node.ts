// Node: each scenario in a process of its own (node-host.cjs), the polyfill's
// Node CommonJS build (the `node` export condition's) loaded first, $262.gc from --expose-gc, $262.createRealm from node:vm.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeOf, harnessFor, type Scenario } from './tests.js';
import type { Outcome } from './report.js';

const host = fileURLToPath(new URL('./node-host.cjs', import.meta.url));
const polyfill = fileURLToPath(new URL('../../dist/taskcontext.polyfill.node.cjs', import.meta.url));

export interface NodeRunOptions {
  checkout: string;
  /** Turns a test's code into what runs (the identity, or the await transform). */
  prepare: (code: string) => Promise<string> | string;
  timeoutMs: number;
  /** Processes at once. */
  parallel: number;
}

function runOne(scenario: Scenario, code: string, options: NodeRunOptions): Promise<Outcome> {
  const { test } = scenario;
  const harness = harnessFor(test).map((name) => ({ name, code: readFileSync(join(options.checkout, 'harness', name), 'utf8') }));
  const job = { polyfill, harness, code, name: test.name, async: test.flags.has('async'), module: test.flags.has('module'), timeoutMs: options.timeoutMs };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', host], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    // The host has its own timeout; this one is for a host that hangs anyway.
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs + 10_000);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Outcome);
      } catch {
        resolve({ ok: false, reason: `host ended (${signal ?? code}) without a verdict: ${err.trim().split('\n')[0] ?? ''}` });
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

/** Runs every scenario; outcomes in the order given. */
export async function runOnNode(list: Scenario[], options: NodeRunOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      const scenario = list[index]!;
      const code = await options.prepare(codeOf(scenario.test.source, scenario));
      outcomes[index] = await runOne(scenario, code, options);
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return outcomes;
}
