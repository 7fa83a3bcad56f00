// What a suite's bundle may do on Deno beyond reading environment variables
// (every suite's expect library does). test/node-parity starts servers on
// 127.0.0.1 and runs some scenarios in a child Deno process; so does the
// runners' fixture that probes node-parity's profile (test/portable/fixtures/parity-profile).
const nodeParity = ['--allow-net=127.0.0.1', '--allow-run', '--allow-read'];
const deno: Record<string, string[]> = {
  'node-parity': nodeParity,
  'parity-profile': nodeParity,
};

/** Deno's permission flags for `suite`, after `--allow-env`. */
export function denoPermissions(suite: string): string[] {
  return deno[suite] ?? [];
}
