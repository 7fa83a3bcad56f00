import { Variable } from 'taskcontext';

/** The id of the request being served ('none' outside one): set by src/middleware.ts. */
export const requestId = new Variable<string>({ name: 'requestId', defaultValue: 'none' });

/** A few milliseconds, different each time, so that concurrent requests interleave. */
export const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * 15)));
