import type { Config } from '@react-router/dev/config';

export default {
  ssr: true,
  // Route middleware (on by default from React Router 8): the root route's wraps every request.
  future: { v8_middleware: true },
} satisfies Config;
