import { describe } from '../core/checks.js';

/** A file pattern: a RegExp, or a glob string (`*` within a path segment, `**` across segments). */
export type FilterPattern = string | RegExp | ReadonlyArray<string | RegExp>;

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A relative glob matches anywhere in an absolute path.
  return new RegExp(`${glob.startsWith('/') ? '^' : '(^|/)'}${source}$`);
}

/** Checks `pattern` (option `name`) and turns it into matchers; throws a TypeError naming the option. */
export function toMatchers(pattern: unknown, name: string): RegExp[] | undefined {
  if (pattern === undefined) return undefined;
  const list: unknown[] = Array.isArray(pattern) ? pattern : [pattern];
  return list.map((item) => {
    if (item instanceof RegExp) return new RegExp(item.source, item.flags.replace('g', ''));
    if (typeof item === 'string' && item !== '') return globToRegExp(item);
    throw new TypeError(`taskcontext/rollup: option '${name}' must be a glob string, a RegExp or an array of them, got ${describe(item)}`);
  });
}

/** Normalises a module id (Windows separators, Vite's query suffixes) for matching. */
export function cleanId(id: string): string {
  return id.replace(/[?#].*$/, '').replace(/\\/g, '/');
}

export function matchesAny(id: string, matchers: readonly RegExp[]): boolean {
  return matchers.some((matcher) => matcher.test(id));
}
