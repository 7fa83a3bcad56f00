// A click handler that awaits fetch(): with the taskcontext/rollup plugin in
// vite.config.ts, the request id is still there after the await.
import { Context } from 'taskcontext';
import 'taskcontext/auto';

const request = new Context<{ requestId: string }>({ name: 'request' });
const log = document.getElementById('log')!;
let clicks = 0;

function show(line: string): void {
  const item = document.createElement('li');
  item.textContent = line;
  log.append(item);
}

async function loadData(): Promise<void> {
  const id = request.get('requestId');
  const response = await fetch(`/api/echo?delay=${20 + Math.floor(Math.random() * 30)}&value=${id}`);
  const body = (await response.json()) as { echo: string };
  // After two awaits: still this click's id, never another click's.
  show(`request ${id}: server echoed ${body.echo}, context after await says ${request.get('requestId')}`);
}

document.getElementById('load')!.addEventListener('click', () => {
  clicks++;
  void request.run({ requestId: `click-${clicks}` }, loadData);
});
