// A negative: no context manager from the app. The 2.x set's register() then
// takes StackContextManager (its default); the 3.x set has none (the API's no-op).
export const contextManagerName = 'none';
export const createContextManager = () => undefined;
