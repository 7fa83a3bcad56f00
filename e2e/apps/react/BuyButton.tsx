// The cookbook's React recipe (docs/cookbook.md quotes this file from the import of React on).
import { useState } from 'react';
import { startSpan, traced } from './traced.js';

export function BuyButton() {
  const [status, setStatus] = useState('');
  const onClick = traced('click buy', async () => {
    const response = await fetch('/api/buy'); // built with a taskcontext plugin: still in the click's span
    const { order } = (await response.json()) as { order: number };
    startSpan(`bought ${order}`).end(); // a child of the click's span
    setStatus(`order ${order}`);
  });
  return (
    <p>
      <button className="buy" onClick={onClick}>Buy</button> {status}
    </p>
  );
}
