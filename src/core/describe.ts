// How error messages describe a bad argument. The <script> bundles, which
// have a size budget, take ./describe.browser.ts (scripts/build-variants.mjs).

/**
 * How an error message describes a bad argument, as Node's own errors do:
 * `undefined`, `function f`, `an instance of Object`, `type number (1)`,
 * `type string ('x')`. One style for every message of the library, Node's
 * API included (the <script> bundles: ./describe.browser.ts).
 */
export function describe(value: unknown): string {
  if (value == null) return `${value}`;
  if (typeof value === 'function') return `function ${(value as { name?: unknown }).name}`;
  if (typeof value === 'object') {
    try {
      // As Node: any name the constructor has (one that cannot become a string throws, below).
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      if (name) return `an instance of ${name as string}`;
    } catch {
      // A getter that throws (a revoked proxy), a symbol for a name: the value stays an object.
    }
    return 'an object';
  }
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'bigint' ? `${value}n` : Object.is(value, -0) ? '-0' : String(value);
  return `type ${typeof value} (${shown.length > 28 ? `${shown.slice(0, 25)}...` : shown})`;
}
