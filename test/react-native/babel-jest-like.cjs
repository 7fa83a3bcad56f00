// A Jest transformer shaped as babel-jest is (createTransformer(options) →
// process/getCacheKey), for test/node/jest-transformer.test.ts: Babel with the
// project's babel.config.js (examples/react-native's), CommonJS output and a
// source map, as babel-jest gives Jest. babel-jest itself is not installed.
const { transformSync } = require('@babel/core');
const { createHash } = require('node:crypto');
const { join } = require('node:path');

const appRoot = join(__dirname, '..', '..', 'examples', 'react-native');

exports.createTransformer = (options = {}) => ({
  canInstrument: false,
  process(source, filename) {
    const result = transformSync(source, {
      cwd: appRoot,
      filename,
      sourceMaps: true,
      caller: { name: 'babel-jest', supportsStaticESM: false },
      ...options,
      plugins: [...(options.plugins ?? []), require.resolve('@babel/plugin-transform-modules-commonjs')],
    });
    return { code: result.code, map: result.map };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(JSON.stringify([source, filename, options])).digest('hex');
  },
});
