// Parity with Node: the same scenarios run against Node's own AsyncResource,
// against taskcontext's (which on Node wraps Node's), and against taskcontext's
// as it is where Node's is missing (Bun, Deno, workerd, browsers), and must
// observe the same things. Each scenario also states what Node observes.
import { AsyncResource as NodeAsyncResource, executionAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { AsyncResource as OurAsyncResource, Variable } from '../../src/index.js';

/** What the scenarios use of either class. */
interface Resource {
  runInAsyncScope(fn: (...args: any[]) => any, thisArg?: unknown, ...args: any[]): any;
  bind(fn: (...args: any[]) => any, thisArg?: unknown): ((...args: any[]) => any) & { asyncResource: unknown };
  asyncId(): number;
  triggerAsyncId(): number;
  emitDestroy(): unknown;
}
interface ResourceClass {
  new (type: any, options?: any): Resource;
  bind(fn: (...args: any[]) => any, type?: string, thisArg?: unknown): ((...args: any[]) => any) & { asyncResource: unknown };
}

/** taskcontext's class loaded where `process.getBuiltinModule` finds nothing: its own ids and checks. */
async function loadWithoutPlatform(): Promise<ResourceClass> {
  const saved = process.getBuiltinModule;
  (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
  try {
    // A query makes a second instance of the module, which looks for Node's class again.
    const path = '../../src/api/async-resource.js?without-platform'; // a variable: tsc does not resolve the query
    const module = (await import(/* @vite-ignore */ path)) as { AsyncResource: ResourceClass };
    return module.AsyncResource;
  } finally {
    process.getBuiltinModule = saved;
  }
}

const implementations: Array<[string, () => Promise<ResourceClass>]> = [
  ['node:async_hooks', async () => NodeAsyncResource as unknown as ResourceClass],
  ['taskcontext', async () => OurAsyncResource as unknown as ResourceClass],
  ['taskcontext without Node\'s class', loadWithoutPlatform],
];

const later = <T>(fn: () => T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(fn()), 1));
/** The constructor name and Node's error code of what `fn` throws. */
function errorOf(fn: () => unknown): [string, unknown] {
  try {
    fn();
  } catch (error) {
    return [(error as Error).constructor.name, (error as { code?: unknown }).code];
  }
  return ['no error', undefined];
}

type Scenario = (AR: ResourceClass) => Promise<unknown> | unknown;

const scenarios: Array<[string, Scenario, unknown]> = [
  [
    'runInAsyncScope: the frame of construction, thisArg, args, result; the caller\'s frame after',
    async (AR) => {
      const variable = new Variable<string>();
      const resource = variable.run('made', () => new AR('Job'));
      return later(() =>
        variable.run('caller', () => {
          const inside = resource.runInAsyncScope(function (this: unknown, a: number) {
            return [variable.get(), this, a];
          }, 'self', 1);
          return [inside, variable.get()];
        }),
      );
    },
    [['made', 'self', 1], 'caller'],
  ],
  [
    // (Reading `asyncResource` is deprecated in Node (DEP0172): only its presence is compared.)
    'bind: call-time this without thisArg, fixed thisArg with it, length, enumerable asyncResource',
    (AR) => {
      const resource = new AR('Job');
      const loose = resource.bind(function (this: unknown, _a: unknown, _b: unknown) {
        return this;
      });
      const fixed = resource.bind(function (this: unknown) {
        return this;
      }, 'fixed');
      return [loose.call('call'), fixed.call('call'), loose.length, Object.keys(loose)];
    },
    ['call', 'fixed', 2, ['asyncResource']],
  ],
  [
    'static bind: a new resource now, thisArg passed',
    async (AR) => {
      const variable = new Variable<string>();
      const bound = variable.run('now', () => AR.bind(function (this: unknown) {
        return [variable.get(), this];
      }, 'Job', 'self'));
      return await later(bound);
    },
    ['now', 'self'],
  ],
  [
    'ids: distinct integers; triggerAsyncId from options or a number',
    (AR) => {
      const a = new AR('A');
      const b = new AR('B', { triggerAsyncId: a.asyncId() });
      const c = new AR('C', 5);
      return [Number.isSafeInteger(a.asyncId()), a.asyncId() !== b.asyncId(), b.triggerAsyncId() === a.asyncId(), c.triggerAsyncId(), new AR('D', -1).triggerAsyncId()];
    },
    [true, true, true, 5, -1],
  ],
  [
    'emitDestroy returns the resource',
    (AR) => {
      const resource = new AR('Job', { requireManualDestroy: true });
      return resource.emitDestroy() === resource;
    },
    true,
  ],
  [
    'bad input: type, triggerAsyncId, bind and runInAsyncScope arguments',
    (AR) => [
      errorOf(() => new AR(1)),
      errorOf(() => new AR(undefined)),
      errorOf(() => new AR('Job', { triggerAsyncId: -2 })),
      errorOf(() => new AR('Job', { triggerAsyncId: 1.5 })),
      errorOf(() => new AR('Job', -3)),
      errorOf(() => new AR('Job').bind(5 as never)),
      errorOf(() => new AR('Job').runInAsyncScope(5 as never))[0],
    ],
    [
      ['TypeError', 'ERR_INVALID_ARG_TYPE'],
      ['TypeError', 'ERR_INVALID_ARG_TYPE'],
      ['RangeError', 'ERR_INVALID_ASYNC_ID'],
      ['RangeError', 'ERR_INVALID_ASYNC_ID'],
      ['RangeError', 'ERR_INVALID_ASYNC_ID'],
      ['TypeError', 'ERR_INVALID_ARG_TYPE'],
      'TypeError',
    ],
  ],
];

describe.each(implementations)('AsyncResource parity: %s', (_name, load) => {
  it.each(scenarios)('%s', async (_scenario, scenario, expected) => {
    expect(await scenario(await load())).toEqual(expected);
  });
});

describe('AsyncResource on Node is Node\'s own underneath', () => {
  it('async_hooks sees the resource: executionAsyncId() inside runInAsyncScope is its asyncId()', () => {
    const resource = new OurAsyncResource('Job');
    expect(resource.runInAsyncScope(() => executionAsyncId())).toBe(resource.asyncId());
  });
});
