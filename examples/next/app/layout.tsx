import type { ReactNode } from 'react';
import { pause, requestId } from '../lib/request-id.mjs';

// Rendered for each request (the request id is not known at build time).
export const dynamic = 'force-dynamic';

export default async function RootLayout({ children }: { children: ReactNode }) {
  await pause();
  return (
    <html lang="en">
      <body>
        <output data-check="layout">{requestId.get()}</output>
        {children}
      </body>
    </html>
  );
}
