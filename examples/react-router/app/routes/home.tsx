import { Suspense, useEffect, useState } from 'react';
import { Await, useLoaderData } from 'react-router';
import { click } from '../click';
import { idAfterAwaits, pause, requestId } from '../request-id.server';

/** Left pending when the loader returns: React renders it into the stream once it settles. */
async function later(): Promise<string> {
  await pause(30);
  return requestId.get();
}

export async function loader() {
  const data = await idAfterAwaits();
  return { data, streamed: later() };
}

/** What one click saw: after `await fetch`, in a timer, after awaiting the timer. */
async function flow(ms: number): Promise<string> {
  const response = await fetch(`/api/echo?ms=${ms}`);
  await response.text();
  const afterFetch = click.get();
  const inTimer = await new Promise<string>((resolve) => setTimeout(() => resolve(click.get()), ms));
  return `${afterFetch} ${inTimer} ${click.get()}`;
}

export default function Home() {
  const { data, streamed } = useLoaderData<typeof loader>();
  const [seen, setSeen] = useState<Record<string, string>>({});
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const onClick = (value: string, ms: number) => () =>
    click.run(value, async () => {
      const record = `${await flow(ms)} ${click.get()}`;
      // The state update, made in the click's context (React runs the updater itself later, outside it).
      setSeen((all) => ({ ...all, [value]: record }));
    });
  return (
    <main>
      <output data-check="data">{data}</output>
      <Suspense fallback={<p>loading</p>}>
        <Await resolve={streamed}>{(id) => <output data-check="streamed">{id}</output>}</Await>
      </Suspense>
      <div data-ready={ready}>
        <button data-click="a" onClick={onClick('a', 60)}>a (slow)</button>
        <button data-click="b" onClick={onClick('b', 5)}>b (fast)</button>
        <output data-clicks={JSON.stringify(seen)} />
      </div>
    </main>
  );
}
