// The context manager of the taskcontext builds of e2e/otel/app.js: the patch
// layer plus TaskContextManager. build.ts aliases ./context-manager.js here.
import { install } from 'taskcontext';
import { TaskContextManager } from 'taskcontext/opentelemetry';

install();

export const contextManagerName = 'taskcontext';
export const createContextManager = () => new TaskContextManager();
