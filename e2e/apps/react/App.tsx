// A React component (automatic JSX runtime) whose click handler awaits.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BUTTONS, clickValue, onClick, sleep, startSpan } from '../shared/context.js';
import { BuyButton } from './BuyButton.js';

async function* pages(count: number, ms: number): AsyncGenerator<string> {
  for (let page = 0; page < count; page++) {
    await sleep(ms);
    yield clickValue.get();
  }
}

async function handle(value: string, ms: number) {
  const response = await fetch(`/api/echo?value=${value}&delay=${ms}`);
  const { echo } = (await response.json()) as { echo: string };
  const afterFetch = clickValue.get();
  await sleep(ms);
  const afterTimer = clickValue.get();
  const inLoop: string[] = [];
  for await (const fromGenerator of pages(2, ms)) inLoop.push(fromGenerator, clickValue.get());
  const child = startSpan(`load-${echo}`);
  return { afterFetch, afterTimer, inLoop, final: clickValue.get(), child };
}

function App() {
  const [done, setDone] = useState<string[]>([]);
  return (
    <>
      {BUTTONS.map(({ value, ms }) => (
        <button key={value} data-value={value} onClick={() => void onClick(value, async () => {
          const record = await handle(value, ms);
          setDone((list) => [...list, value]);
          return record;
        })}>
          {value}
        </button>
      ))}
      <p>{done.join(',')}</p>
      <BuyButton />
    </>
  );
}

createRoot(document.getElementById('app')!).render(<App />);
