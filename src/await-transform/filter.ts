import { describe } from '../core/describe.js';

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
export function toMatchers(pattern: unknown, name: string, plugin: string): RegExp[] | undefined {
  if (pattern === undefined) return undefined;
  const list: unknown[] = Array.isArray(pattern) ? pattern : [pattern];
  return list.map((item) => {
    if (item instanceof RegExp) return new RegExp(item.source, item.flags.replace('g', ''));
    if (typeof item === 'string' && item !== '') return globToRegExp(item);
    throw new TypeError(`${plugin}: option '${name}' must be a glob string, a RegExp or an array of them, got ${describe(item)}`);
  });
}

/** A module id without its query (`?vue&type=script…`), with `/` separators. */
export function pathOf(id: string): string {
  return id.replace(/[?#].*$/, '').replace(/\\/g, '/');
}

/**
 * Whether a matcher accepts `id`: a RegExp sees the whole id, queries
 * included (Vue's `App.vue?vue&type=script&setup=true&lang.ts`); a glob also
 * matches the path alone, so `src/**\/*.js` still takes `src/a.js?v=1`.
 */
export function matchesAny(id: string, matchers: readonly RegExp[]): boolean {
  const normalised = id.replace(/\\/g, '/');
  const path = pathOf(id);
  return matchers.some((matcher) => matcher.test(normalised) || matcher.test(path));
}

const SCRIPT = /\.(?:[cm]?[jt]sx?)$/;
/** Components compiled to JavaScript before this plugin runs: Vue SFCs, Svelte components. */
const COMPONENT = /\.(?:vue|svelte)$/;
/** Astro components keep server code; only their client `<script>` blocks reach the browser. */
const ASTRO = /\.astro$/;

/**
 * What is rewritten when `include` is not given: JavaScript and TypeScript
 * modules (`.svelte.js`/`.svelte.ts` among them), Vue and Svelte components
 * and their script blocks, Astro component scripts; never style or template
 * blocks.
 */
export function isDefaultScript(id: string): boolean {
  const path = pathOf(id);
  const query = id.slice(path.length).replace(/^[?#]/, '');
  const type = /(?:^|&)type=([^&]*)/.exec(query)?.[1];
  if (type !== undefined && type !== 'script') return false;
  if (SCRIPT.test(path) || COMPONENT.test(path)) return true;
  return ASTRO.test(path) && type === 'script';
}

/** The languages oxc-parser reads. */
export type Language = 'js' | 'jsx' | 'ts' | 'tsx';

/** The language oxc-parser reads a module as, from its path (compiled components are JavaScript). */
export function languageOf(id: string): Language {
  const extension = /\.([cm]?[jt]sx?)$/.exec(pathOf(id))?.[1] ?? 'js';
  if (extension.endsWith('tsx')) return 'tsx';
  if (extension.endsWith('ts')) return 'ts';
  return extension.endsWith('jsx') ? 'jsx' : 'js';
}
