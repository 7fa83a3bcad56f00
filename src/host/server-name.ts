/** The server runtimes the library tells apart. */
export type ServerName = 'Node' | 'Bun' | 'Deno' | 'workerd';

interface ServerGlobals {
  process?: { versions?: { node?: unknown; bun?: unknown; deno?: unknown }; release?: { name?: unknown } };
  Deno?: unknown;
  Bun?: unknown;
  navigator?: { userAgent?: unknown };
}

/**
 * The server runtime this is, or undefined in a browser or a web worker. A
 * test environment that imitates a browser on Node (happy-dom, jsdom) is
 * still Node. Bun, Deno and workerd (with nodejs_compat) also say they are
 * Node: they are asked first.
 */
export function serverName(): ServerName | undefined {
  const g = globalThis as ServerGlobals;
  // workerd with nodejs_compat has a `process` that says it is Node: asked first.
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (g.Deno !== undefined) return 'Deno';
  if (g.Bun !== undefined || g.process?.versions?.bun !== undefined) return 'Bun';
  if (g.process?.release?.name === 'node' || g.process?.versions?.node !== undefined) return 'Node';
  return undefined;
}
