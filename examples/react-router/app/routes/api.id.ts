import { idAfterAwaits } from '../request-id.server';

/** A resource route: no component, its loader's Response is the answer. */
export async function loader() {
  return Response.json({ api: await idAfterAwaits() });
}
