// Runs the runtime-neutral contract suite on the patch layer, as a browser
// would: the patch backend forced on Node, the patch layer installed.
import { backend, install, useBackend } from '../../src/index.js';

useBackend('patch');
install();
// Otherwise the suite would pass on another backend and prove nothing about the patch layer.
if (backend() !== 'patch') throw new Error(`test/setup/patch-backend.ts: backend() is '${backend()}', expected 'patch'`);
