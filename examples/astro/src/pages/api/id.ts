import type { APIRoute } from 'astro';
import { pause, requestId } from '../../request-id';

export const GET: APIRoute = async () => {
  await pause();
  await pause();
  return Response.json({ api: requestId.get() });
};
