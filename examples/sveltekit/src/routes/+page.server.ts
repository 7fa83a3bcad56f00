import { idAfterAwaits, pause, requestId } from '#lib/server/request-id';

/** Left pending when load returns: the render awaits it, and SvelteKit streams its value to the browser. */
async function later(): Promise<string> {
  await pause(30);
  return requestId.get();
}

export const load = async () => {
  const data = await idAfterAwaits();
  return { data, streamed: later() };
};
