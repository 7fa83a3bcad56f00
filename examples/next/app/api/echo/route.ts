export const dynamic = 'force-dynamic';

/** Answers after `ms` milliseconds, so that a slow click's fetch outlasts a fast one's. */
export async function GET(request: Request): Promise<Response> {
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response(String(ms));
}
