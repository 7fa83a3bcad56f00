// What a suite's bundle may do on Deno beyond reading environment variables
// (every suite's expect library does). test/node-parity starts servers on
// 127.0.0.1 and runs some scenarios in a child Deno process.
const deno: Record<string, string[]> = {
  'node-parity': ['--allow-net=127.0.0.1', '--allow-run', '--allow-read'],
};

/** Deno's permission flags for `suite`, after `--allow-env`. */
export function denoPermissions(suite: string): string[] {
  return deno[suite] ?? [];
}
