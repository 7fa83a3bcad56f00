// The app's Metro config: React Native's transformer, with taskcontext's
// await transform before it.
const { withTaskContext } = require('taskcontext/metro');

module.exports = withTaskContext({
  transformer: { babelTransformerPath: require.resolve('@react-native/metro-babel-transformer') },
});
