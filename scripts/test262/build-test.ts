// "Built" runs: each test goes through the await transform first, as an app's
// code would through the bundler plugins. The one place that knows the
// transform's API.
import MagicString from 'magic-string';
import { parseSync } from 'oxc-parser';
import { transformModule } from '../../src/await-transform/transform-module.js';

/** `source` (a script) as the bundler plugins would emit it for a browser. */
export async function buildTest(source: string): Promise<string> {
  return transformModule(source, '/test262/test.js', { MagicString, parseSync })?.code ?? source;
}
