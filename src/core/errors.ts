/**
 * Thrown when context is used where it cannot work: a `Context` written
 * outside any task, or a backend that is not available in this runtime.
 */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}
