import { getHeader } from 'h3';
import { requestId } from '#shared/request-id';

// examples/frameworks/run.ts serves the app once with TASKCONTEXT_EXAMPLE_WITHOUT=wrapper, to see its server checks fail.
const wrap = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'wrapper';

// Nitro's middleware has no next(): the app's handler itself is wrapped, so
// that everything it runs (routes, the Vue render, useAsyncData) is inside.
export default defineNitroPlugin((nitroApp) => {
  if (!wrap) return;
  const handler = nitroApp.h3App.handler;
  nitroApp.h3App.handler = (event) => requestId.run(getHeader(event, 'x-request-id') ?? 'none', () => handler(event));
});
