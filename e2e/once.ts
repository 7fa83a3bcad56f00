import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether the process `pid` is still alive (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` in one process at a time across processes (Playwright's workers,
 * the WebKit runner): the first takes the folder `lock` (mkdir is atomic) and
 * writes its pid into it; the others wait until `done()`. A lock left by a
 * process that is gone (a run killed mid-install) is taken over instead of
 * waited on until the timeout.
 */
export async function onceAcrossProcesses(lock: string, done: () => boolean, work: () => Promise<void> | void, what: string, timeoutMs: number): Promise<void> {
  for (let waited = 0; !done(); waited += 250) {
    try {
      mkdirSync(lock);
    } catch {
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Just made, its pid not written yet: wait.
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited > timeoutMs) throw new Error(`${what}: gave up waiting after ${timeoutMs} ms (remove ${lock} if nothing is running)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!done()) await work();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return;
  }
}
