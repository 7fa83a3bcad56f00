/** Answers after `ms` milliseconds, so that a slow click's fetch outlasts a fast one's. */
export async function loader({ request }: { request: Request }) {
  const ms = Number(new URL(request.url).searchParams.get('ms') ?? 0);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return new Response(String(ms));
}
