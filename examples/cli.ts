// What the runnable Node examples share: listening on 127.0.0.1, and running
// `--demo` or a server when the file is the script being run.
import { realpathSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Listens on 127.0.0.1 (`port` 0: any free port); resolves with the port. */
export function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** When the module at `moduleUrl` is the script being run (not imported by a test): `demo` with --demo, else `serve`. */
export function runIfMain(moduleUrl: string, demo: () => Promise<void>, serve: () => Promise<void>): void {
  const script = process.argv[1];
  let main = false;
  try {
    main = script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    main = false;
  }
  if (!main) return;
  (process.argv.includes('--demo') ? demo : serve)().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
