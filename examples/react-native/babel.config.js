// React Native's preset, as it builds for Hermes 0.12 (Metro passes the
// transform profile 'default': classes lowered), with awaits left native
// (unstable_preserveAsync) as Hermes runs them. What Hermes 0.12 cannot run
// natively is lowered: async generators and for await (Babel's plugin), and
// async arrow functions (made async function expressions, `this` kept).
function asyncArrowsToFunctions() {
  return {
    name: 'async-arrows-to-functions',
    visitor: {
      ArrowFunctionExpression(path) {
        if (path.node.async) path.arrowFunctionToExpression();
      },
    },
  };
}

module.exports = {
  presets: [['module:@react-native/babel-preset', { customTransformOptions: { unstable_preserveAsync: true } }]],
  plugins: ['@babel/plugin-transform-async-generator-functions', asyncArrowsToFunctions],
};
