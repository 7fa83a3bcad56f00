// The same, with babel-jest alone: the context is lost after native await.
module.exports = { ...require('./jest.config.js'), transform: { '^.+\\.(js|ts|tsx)$': 'babel-jest' } };
