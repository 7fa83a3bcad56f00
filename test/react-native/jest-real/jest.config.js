// taskcontext/jest before babel-jest. Node runs the test environment: the
// browser build is resolved (as react-native's preset resolves it) and the
// test forces the patch layer, as on Hermes or in a browser.
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['react-native'] },
  transform: { '^.+\\.(js|ts|tsx)$': ['taskcontext/jest', { transformer: 'babel-jest' }] },
};
