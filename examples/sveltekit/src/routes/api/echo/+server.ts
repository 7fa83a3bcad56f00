import type { RequestHandler } from './$types';

/** Answers after `ms` milliseconds, so that a slow click's fetch outlasts a fast one's. */
export const GET: RequestHandler = async ({ url }) => {
  const ms = Number(url.searchParams.get('ms') ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response(String(ms));
};
