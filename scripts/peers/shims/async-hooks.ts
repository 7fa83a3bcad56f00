// Stands in for the own sources (`../src`) of OpenTelemetry's
// context-async-hooks package in its test file: our TaskContextManager under
// each name the file imports. The file picks its `.attach()` tests by the
// class's name, so each stand-in is a subclass named as the class it replaces.
// Only the AsyncLocalStorageContextManager suite is run (the runner's grep):
// AsyncHooksContextManager is here so that the file loads.
import { TaskContextManager } from 'taskcontext/opentelemetry';

export class AsyncLocalStorageContextManager extends TaskContextManager {}
export class AsyncHooksContextManager extends TaskContextManager {}
