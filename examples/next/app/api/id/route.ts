import { pause, requestId } from '../../../lib/request-id.mjs';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  await pause();
  await pause();
  return Response.json({ api: requestId.get() });
}
