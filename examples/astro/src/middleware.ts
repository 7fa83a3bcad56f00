import { defineMiddleware } from 'astro:middleware';
import { requestId } from './request-id';

// examples/frameworks/run.ts serves the app once with TASKCONTEXT_EXAMPLE_WITHOUT=wrapper, to see its server checks fail.
const wrap = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'wrapper';

// Astro's request hook: next() renders the page (its components included) or runs the endpoint inside it.
export const onRequest = defineMiddleware((context, next) => {
  const id = context.request.headers.get('x-request-id') ?? 'none';
  return wrap ? requestId.run(id, next) : next();
});
