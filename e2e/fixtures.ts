import { test as base } from '@playwright/test';
import { startServer, type TestServer } from './server.js';

/** `server`: one static server per worker, on 127.0.0.1. */
export const test = base.extend<object, { server: TestServer }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
