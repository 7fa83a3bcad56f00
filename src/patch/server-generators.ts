import { server } from '../host/server.js';
import { placed, record } from '../instrument/ledger.js';
import { canEnterScopes } from '../seam/seam.js';
import { placeGeneratorHook } from './await-scope.js';

/**
 * install() on a server (`als` with `enterWith`: Node, Bun, Deno) places
 * only the generator scopes of built code (see placeGeneratorHook); not on
 * workerd nor with an engine's AsyncContext, whose backends cannot open
 * scopes. The <script> bundles have no server: this is left out of them.
 */
export function placeServerGenerators(): void {
  if (server !== undefined && !placed.some((entry) => entry.by === 'install') && canEnterScopes()) record('install', [placeGeneratorHook()]);
}
