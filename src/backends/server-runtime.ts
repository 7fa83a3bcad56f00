import type { Backend } from '../core/backend.js';
import { ContextError } from '../core/errors.js';

interface ServerGlobals {
  process?: { versions?: { node?: unknown; bun?: unknown; deno?: unknown }; release?: { name?: unknown } };
  Deno?: unknown;
  Bun?: unknown;
  navigator?: { userAgent?: unknown };
}

/**
 * The name of the server runtime this is (Node, Bun, Deno, workerd), or
 * undefined in a browser or a web worker. A test environment that imitates
 * a browser on Node (happy-dom, jsdom) is still Node.
 */
export function serverRuntimeName(): string | undefined {
  const g = globalThis as ServerGlobals;
  if (g.Deno !== undefined) return 'Deno';
  if (g.Bun !== undefined || g.process?.versions?.bun !== undefined) return 'Bun';
  if (g.process?.release?.name === 'node' || g.process?.versions?.node !== undefined) return 'Node';
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return undefined;
}

/**
 * The backend of a server runtime where no AsyncLocalStorage could be
 * reached: every use throws, so that context is never lost in silence on a
 * server (the patch layer cannot carry it across a native await).
 */
export function unreachableAlsBackend(runtime: string): Backend {
  const fail = (): never => {
    throw new ContextError(
      `taskcontext: this is ${runtime}, but AsyncLocalStorage could not be reached (${
        runtime === 'workerd' ? "enable the 'nodejs_compat' or 'nodejs_als' compatibility flag" : "import taskcontext through the package's 'node' export condition, or use a runtime with process.getBuiltinModule"
      }); useBackend('patch') forces the browser patch layer instead`,
    );
  };
  return { get name(): never { return fail(); }, current: fail, run: fail, call: fail, enter: fail };
}
