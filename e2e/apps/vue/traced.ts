// The cookbook's recipes import the helper from beside them.
export * from '../shared/traced.js';
