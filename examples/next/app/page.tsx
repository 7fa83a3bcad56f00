import { Suspense } from 'react';
import { pause, requestId } from '../lib/request-id.mjs';
import { Clicks } from './clicks';

/** A data function, as a page calls one: it reads the id after its own awaits. */
async function loadGreeting(): Promise<string> {
  await pause();
  await pause();
  return requestId.get();
}

/** React renders this after Page has returned: Page's own context would not reach it. */
async function Nested({ depth }: { depth: number }) {
  await pause();
  const id = requestId.get();
  return (
    <section>
      <output data-check={`nested-${depth}`}>{id}</output>
      {depth < 2 ? <Nested depth={depth + 1} /> : null}
    </section>
  );
}

/** Streamed: sent after the first bytes of the page. */
async function Streamed() {
  await new Promise((resolve) => setTimeout(resolve, 30));
  return <output data-check="streamed">{requestId.get()}</output>;
}

export default async function Page() {
  const greeting = await loadGreeting();
  await pause();
  return (
    <main>
      <output data-check="page">{requestId.get()}</output>
      <output data-check="data">{greeting}</output>
      <Nested depth={1} />
      <Suspense fallback={<p>loading</p>}>
        <Streamed />
      </Suspense>
      <Clicks />
    </main>
  );
}
