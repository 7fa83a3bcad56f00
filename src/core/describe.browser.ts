// The <script> bundles' description of a bad argument (scripts/build-variants.mjs):
// shorter than ./describe.ts, Node's style, which costs them 80 B gzip of their
// size budget. The type, and a primitive's value: `null`, `a function`,
// `an object`, `number 1`, `string 'x'`.

/** How an error message describes a bad argument, in the <script> bundles. */
export function describe(value: unknown): string {
  const type = typeof value;
  if (value == null) return `${value}`;
  if (type === 'function') return 'a function';
  if (type === 'object') return 'an object';
  return `${type} ${type === 'string' ? `'${value as string}'` : String(value)}`;
}
