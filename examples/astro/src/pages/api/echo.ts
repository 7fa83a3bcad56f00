import type { APIRoute } from 'astro';

/** Answers after `ms` milliseconds, so that a slow click's fetch outlasts a fast one's. */
export const GET: APIRoute = async ({ url }) => {
  const ms = Number(url.searchParams.get('ms') ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response(String(ms));
};
