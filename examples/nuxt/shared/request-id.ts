import { Variable } from 'taskcontext';

// Nitro (server/) and the Vue app are bundled apart, and in dev Vite runs the
// app's server side as modules of its own: two instances of this module. Kept
// on globalThis, the first Variable made is the one both use.
const key = Symbol.for('taskcontext-example.requestId');
const slot = globalThis as typeof globalThis & { [key]?: Variable<string, string> };

/** The id of the request being served ('none' outside one): set by server/plugins/request-id.ts. */
export const requestId: Variable<string, string> = (slot[key] ??= new Variable<string>({ name: 'requestId', defaultValue: 'none' }));

/** A few milliseconds, different each time, so that concurrent requests interleave. */
export const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 15)));

/** The id after a few awaits, as a data loader reads it. */
export async function idAfterAwaits(): Promise<string> {
  await pause();
  await pause();
  return requestId.get();
}
