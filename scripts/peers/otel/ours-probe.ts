// Bundled into our runs only, after the library: records the backend that
// carries context there, so that a run on the wrong one cannot pass unseen.
import { backend, installed } from 'taskcontext';

(globalThis as { __peerBackend?: string }).__peerBackend = `${backend()}${installed() ? ' (installed)' : ''}`;
