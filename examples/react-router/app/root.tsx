import type { ReactNode } from 'react';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, type MiddlewareFunction } from 'react-router';
import { idAfterAwaits, requestId } from './request-id.server';

// examples/frameworks/run.ts serves the app once with TASKCONTEXT_EXAMPLE_WITHOUT=wrapper, to see its server checks fail.
const wrap = process.env.TASKCONTEXT_EXAMPLE_WITHOUT !== 'wrapper';

// The root route's middleware runs around every request: its loaders, actions, resource routes and the render.
export const middleware: MiddlewareFunction<Response>[] = [
  ({ request }, next) => {
    const id = request.headers.get('x-request-id') ?? 'none';
    return wrap ? requestId.run(id, next) : next();
  },
];

export async function loader() {
  return { layout: await idAfterAwaits() };
}

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function Root() {
  const { layout } = useLoaderData<typeof loader>();
  return (
    <>
      <output data-check="layout">{layout}</output>
      <Outlet />
    </>
  );
}
