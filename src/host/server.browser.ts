// The <script> bundles are for browsers and web workers: no server runtime,
// so nothing of the server backends, AsyncResource or the server generator
// scopes is reachable from them, and the bundler leaves that code out.
import type { ServerHost } from './describe-server.js';

export const server: ServerHost | undefined = undefined;
