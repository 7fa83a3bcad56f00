import { Variable } from 'taskcontext';

// The server (server.mjs) and the pages must share one Variable, but Next
// bundles the pages' modules, this one among them: a second instance of this
// module. Kept on globalThis, the first one made is the one both use.
const key = Symbol.for('taskcontext-example.requestId');

/** @type {import("taskcontext").Variable<string, string>} */
export const requestId = (globalThis[key] ??= new Variable({ name: 'requestId', defaultValue: 'none' }));

/** A few milliseconds, different each time, so that concurrent requests interleave. */
export const pause = () => new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 15)));
