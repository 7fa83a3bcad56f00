// A Svelte module (.svelte.ts, runes allowed): the async generator the component iterates.
import { clickValue, sleep } from '../shared/context.js';

export const progress = $state({ pages: 0 });

export async function* pages(count: number, ms: number): AsyncGenerator<string> {
  for (let page = 0; page < count; page++) {
    await sleep(ms);
    progress.pages++;
    yield clickValue.get();
  }
}
