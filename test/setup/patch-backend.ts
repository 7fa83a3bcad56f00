// Runs the runtime-neutral contract suite on the patch layer, as a browser
// would: the patch backend forced on Node, the patch layer installed.
import { install, useBackend } from '../../src/index.js';

useBackend('patch');
install();
