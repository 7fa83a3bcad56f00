import { execFileSync } from 'node:child_process';

/** The installed browser's version, from Debian's binaries and packages ('' when it cannot be told). */
export function engineVersion(engine: string): string {
  const read = (file: string, args: string[]): string => {
    try {
      // stderr ignored: Debian's chromium wrapper script complains there on some machines.
      return execFileSync(file, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  if (engine === 'chromium') return read('/usr/bin/chromium', ['--version']).replace(/ built on.*/, '');
  if (engine === 'firefox') return read('/usr/bin/firefox-esr', ['--version']);
  return `WebKitGTK ${read('dpkg-query', ['-W', '-f', '${Version}', 'libwebkit2gtk-4.1-0'])}`;
}
