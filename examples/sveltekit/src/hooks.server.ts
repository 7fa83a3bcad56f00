import type { Handle } from '@sveltejs/kit';
import { requestId } from '#lib/server/request-id';

// examples/frameworks/run.ts serves the app once with TASKCONTEXT_EXAMPLE_WITHOUT=wrapper, to see its server checks fail.
const wrap = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'wrapper';

// resolve() runs the load functions, the remote functions and the render: all of it inside the request's context.
export const handle: Handle = ({ event, resolve }) => {
  const id = event.request.headers.get('x-request-id') ?? 'none';
  return wrap ? requestId.run(id, () => resolve(event)) : resolve(event);
};
