// Node, Bun and Deno run the contract built with the await plugin, as a server
// app built by a bundler does: install() places the plugin's generator scopes
// there (and patches nothing). Otherwise the generator tests would fail.
import { backend, install } from '../../src/index.js';

install();
if (backend() !== 'als') throw new Error(`test/portable/setup-server.ts: backend() is '${backend()}', expected 'als'`);
