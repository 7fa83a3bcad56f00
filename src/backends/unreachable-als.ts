import type { Backend } from '../core/backend.js';
import { ContextError } from '../core/errors.js';
import type { ServerName } from '../host/server-name.js';

/**
 * The backend of a server runtime where no AsyncLocalStorage could be
 * reached: every use throws, so that context is never lost in silence on a
 * server (the patch layer cannot carry it across a native await).
 */
export function unreachableAlsBackend(runtime: ServerName): Backend {
  const fail = (): never => {
    throw new ContextError(
      `taskcontext: this is ${runtime}, but AsyncLocalStorage could not be reached (${
        runtime === 'workerd'
          ? "enable the 'nodejs_compat' or 'nodejs_als' compatibility flag"
          : "import taskcontext through the package's 'node' export condition, or use a runtime with process.getBuiltinModule"
      }); useBackend('patch') forces the browser patch layer instead`,
    );
  };
  return { get name(): never { return fail(); }, current: fail, run: fail, runWithArgument: fail, enter: fail };
}
