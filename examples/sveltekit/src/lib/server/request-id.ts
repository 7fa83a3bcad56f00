import { Variable } from 'taskcontext';

/** The id of the request being served ('none' outside one): set by src/hooks.server.ts. */
export const requestId = new Variable<string>({ name: 'requestId', defaultValue: 'none' });

/** A few milliseconds, different each time, so that concurrent requests interleave. */
export const pause = (ms = 1 + Math.floor(Math.random() * 15)): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The id after a few awaits, as a data loader reads it. */
export async function idAfterAwaits(): Promise<string> {
  await pause();
  await pause();
  return requestId.get();
}
