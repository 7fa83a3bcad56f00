// Tells the checkouts given on the command line apart by their contents: an
// open-telemetry/opentelemetry-js checkout has the context-manager packages,
// a tc39/test262 one its harness and tests. Their files stay where they are.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type CheckoutKind = 'opentelemetry-js' | 'test262';

export interface Checkout {
  kind: CheckoutKind;
  path: string;
  /** The commit checked out, when it is a git work tree. */
  commit?: string;
}

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

export function identify(path: string): CheckoutKind | undefined {
  const asyncHooks = readJson(join(path, 'packages', 'opentelemetry-context-async-hooks', 'package.json'));
  if (asyncHooks?.name === '@opentelemetry/context-async-hooks') return 'opentelemetry-js';
  if (existsSync(join(path, 'harness', 'assert.js')) && existsSync(join(path, 'harness', 'doneprintHandle.js')) && existsSync(join(path, 'test', 'built-ins'))) {
    return 'test262';
  }
  return undefined;
}

function commitOf(path: string): string | undefined {
  try {
    return execFileSync('git', ['-C', path, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

/** One checkout of each kind at most; throws on a path that is neither. */
export function discover(paths: string[]): Map<CheckoutKind, Checkout> {
  const found = new Map<CheckoutKind, Checkout>();
  for (const given of paths) {
    const path = resolve(given);
    const kind = identify(path);
    if (!kind) throw new Error(`${given}: neither an open-telemetry/opentelemetry-js nor a tc39/test262 checkout`);
    if (found.has(kind)) throw new Error(`two ${kind} checkouts given: ${found.get(kind)!.path} and ${path}`);
    const commit = commitOf(path);
    found.set(kind, commit ? { kind, path, commit } : { kind, path });
  }
  return found;
}

/**
 * Where a package of the checkout pins another version of a test tool than
 * ours (their files run with our copies): worth a line in the report.
 */
export function toolVersionNotes(checkout: string, packageDir: string, tools: string[]): string[] {
  const theirs = (readJson(join(checkout, packageDir, 'package.json'))?.devDependencies ?? {}) as Record<string, string>;
  const root = join(import.meta.dirname, '..', '..', 'node_modules');
  return tools.flatMap((tool) => {
    const ours = readJson(join(root, tool, 'package.json'))?.version;
    return theirs[tool] && ours && theirs[tool] !== ours ? [`${packageDir} pins ${tool} ${theirs[tool]}; this run uses ${String(ours)}`] : [];
  });
}
