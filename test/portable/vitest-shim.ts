// The part of vitest's API that the contract suite uses, runnable anywhere:
// real browsers, Bun, Deno, workerd. The bundler points `vitest` here, so the
// very same test files run; assertions are vitest's own (@vitest/expect).
import { ASYMMETRIC_MATCHERS_OBJECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, getState, setState } from '@vitest/expect';
import * as chai from 'chai';
import type { Profile, Requirement } from './profile.js';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Fn = () => unknown;
type Mode = 'run' | 'skip' | 'fails';

/** The options object vitest takes as a test's second argument (the part the suite uses). */
export interface TestOptions {
  skip?: boolean;
  timeout?: number;
  meta?: { requires?: Requirement; profile?: Profile };
}

export interface TestCase {
  name: string;
  fn: Fn;
  mode: Mode;
  timeout: number;
  beforeEach: Fn[];
  afterEach: Fn[];
  /** The capability a conditional test needs (test/contract/capabilities.ts): a skip's reason. A plain skip has none. */
  requires?: Requirement;
  /** The place's capabilities, on the test that carries them. */
  profile?: Profile;
}

interface Suite {
  name: string;
  beforeEach: Fn[];
  afterEach: Fn[];
  beforeAll: Fn[];
  afterAll: Fn[];
  skip: boolean;
}

/** Everything registered, in order; hooks of all enclosing suites are attached to each test. */
export const registered: Array<TestCase | { hook: 'beforeAll' | 'afterAll'; fn: Fn }> = [];
const stack: Suite[] = [{ name: '', beforeEach: [], afterEach: [], beforeAll: [], afterAll: [], skip: false }];
const top = (): Suite => stack[stack.length - 1]!;

function fullName(name: string): string {
  return [...stack.map((s) => s.name), name].filter(Boolean).join(' > ');
}

function register(name: string, fn: Fn | undefined, mode: Mode, timeout = 10_000, meta: TestOptions['meta'] = {}): void {
  registered.push({
    name: fullName(name),
    fn: fn ?? (() => undefined),
    mode: fn === undefined || stack.some((s) => s.skip) ? 'skip' : mode,
    timeout,
    beforeEach: stack.flatMap((s) => s.beforeEach),
    afterEach: stack.flatMap((s) => s.afterEach).reverse(),
    ...(meta.requires && { requires: meta.requires }),
    ...(meta.profile && { profile: meta.profile }),
  });
}

/** `it(name, fn, timeout)` or, as vitest also takes it, `it(name, { skip, timeout, meta }, fn)`. */
type Register = (name: string, fnOrOptions?: Fn | TestOptions, fnOrTimeout?: Fn | number) => void;

type TestFn = Register & {
  skip: (name: string, fn?: Fn, timeout?: number) => void;
  skipIf: (condition: unknown) => (name: string, fn?: Fn, timeout?: number) => void;
  runIf: (condition: unknown) => (name: string, fn?: Fn, timeout?: number) => void;
  fails: (name: string, fn?: Fn, timeout?: number) => void;
  todo: (name: string) => void;
  each: <T>(cases: readonly T[]) => (name: string, fn: (...args: never[]) => unknown, timeout?: number) => void;
};

/** vitest's names for `each` cases: printf-style placeholders, `$key` for an object case, `%#` for the index. */
function eachName(name: string, args: readonly unknown[], index: number): string {
  let next = 0;
  const show = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'function' ? value.name : JSON.stringify(value) ?? String(value));
  let label = name.replace(/%[sdijfoO#%]/g, (token) => {
    if (token === '%%') return '%';
    if (token === '%#') return String(index);
    return show(args[next++]);
  });
  const first = args[0];
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    label = label.replace(/\$([A-Za-z_][\w.]*)/g, (_, key: string) => show((first as Record<string, unknown>)[key]));
  }
  return label;
}

function makeTest(): TestFn {
  const run: Register = (name, fnOrOptions, fnOrTimeout) => {
    if (typeof fnOrOptions !== 'object') return register(name, fnOrOptions, 'run', fnOrTimeout as number | undefined);
    const fn = fnOrTimeout as Fn | undefined;
    register(name, fn, fnOrOptions.skip ? 'skip' : 'run', fnOrOptions.timeout, fnOrOptions.meta);
  };
  const skip = (name: string, fn?: Fn, timeout?: number) => register(name, fn, 'skip', timeout);
  return Object.assign(run, {
    skip,
    skipIf: (condition: unknown) => (condition ? skip : run),
    runIf: (condition: unknown) => (condition ? run : skip),
    fails: (name: string, fn?: Fn, timeout?: number) => register(name, fn, 'fails', timeout),
    todo: (name: string) => register(name, undefined, 'skip'),
    each:
      <T>(cases: readonly T[]) =>
      (name: string, fn: (...args: never[]) => unknown, timeout?: number) => {
        cases.forEach((c, index) => {
          const args = Array.isArray(c) ? c : [c];
          register(eachName(name, args, index), () => (fn as (...a: unknown[]) => unknown)(...args), 'run', timeout);
        });
      },
  });
}

export const it = makeTest();
export const test = it;

type DescribeFn = ((name: string, body: () => void) => void) & {
  skip: (name: string, body: () => void) => void;
  skipIf: (condition: unknown) => (name: string, body: () => void) => void;
  runIf: (condition: unknown) => (name: string, body: () => void) => void;
  each: <T>(cases: readonly T[]) => (name: string, body: (arg: T) => void) => void;
};

function suite(name: string, body: () => void, skip: boolean): void {
  const parent = top();
  stack.push({ name, beforeEach: [], afterEach: [], beforeAll: [], afterAll: [], skip: skip || parent.skip });
  try {
    body();
  } finally {
    const done = stack.pop()!;
    // beforeAll/afterAll of a describe wrap its own tests only.
    const first = registered.findIndex((r) => 'name' in r && r.name.startsWith(fullName(name)));
    if (done.beforeAll.length > 0 && first >= 0) {
      registered.splice(first, 0, ...done.beforeAll.map((fn) => ({ hook: 'beforeAll' as const, fn })));
    }
    registered.push(...done.afterAll.map((fn) => ({ hook: 'afterAll' as const, fn })));
  }
}

export const describe: DescribeFn = Object.assign((name: string, body: () => void) => suite(name, body, false), {
  skip: (name: string, body: () => void) => suite(name, body, true),
  skipIf: (condition: unknown) => (name: string, body: () => void) => suite(name, body, Boolean(condition)),
  runIf: (condition: unknown) => (name: string, body: () => void) => suite(name, body, !condition),
  each:
    <T>(cases: readonly T[]) =>
    (name: string, body: (arg: T) => void) => {
      cases.forEach((c, index) => {
        const args = Array.isArray(c) ? c : [c];
        suite(eachName(name, args, index), () => (body as (...a: unknown[]) => void)(...args), false);
      });
    },
});

export const beforeEach = (fn: Fn): void => void top().beforeEach.push(fn);
export const afterEach = (fn: Fn): void => void top().afterEach.push(fn);
export const beforeAll = (fn: Fn): void => void top().beforeAll.push(fn);
export const afterAll = (fn: Fn): void => void top().afterAll.push(fn);

type Expect = ((value: unknown, message?: string) => Chai.Assertion) & Record<string, unknown>;

export const expect: Expect = Object.assign(
  (value: unknown, message?: string) => {
    const { assertionCalls } = getState(expect as never);
    setState({ assertionCalls: assertionCalls + 1 }, expect as never);
    return chai.expect(value, message);
  },
  chai.expect,
) as unknown as Expect;
setState({ assertionCalls: 0, isExpectingAssertions: false }, expect as never);
Object.assign(expect, (globalThis as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT], {
  unreachable: (message?: string) => chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`),
  soft: (value: unknown, message?: string) => expect(value, message),
});
