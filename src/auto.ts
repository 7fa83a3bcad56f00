/**
 * taskcontext with the patch layer installed on load: the entry for a plain
 * `<script>` tag (`taskcontext.auto.umd.min.js`) and for `import 'taskcontext/auto'`.
 * Where the backend is not `'patch'`, it only places the generator scopes
 * of code built with the await plugin (see `install()`).
 *
 * @packageDocumentation
 */
import { install } from './index.js';

export * from './index.js';

install();
