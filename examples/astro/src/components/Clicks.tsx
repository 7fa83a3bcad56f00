import { useEffect, useState } from 'react';
import { click } from '../click';

/** What one click saw: after `await fetch`, in a timer, after awaiting the timer. */
async function flow(ms: number): Promise<string> {
  const response = await fetch(`/api/echo?ms=${ms}`);
  await response.text();
  const afterFetch = click.get();
  const inTimer = await new Promise<string>((resolve) => setTimeout(() => resolve(click.get()), ms));
  return `${afterFetch} ${inTimer} ${click.get()}`;
}

export default function Clicks() {
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
    <div data-ready={ready}>
      <button data-click="a" onClick={onClick('a', 60)}>a (slow)</button>
      <button data-click="b" onClick={onClick('b', 5)}>b (fast)</button>
      <output data-clicks={JSON.stringify(seen)} />
    </div>
  );
}
