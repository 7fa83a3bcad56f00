import { Frame } from '../core/frame.js';
import { apply } from '../core/intrinsics.js';
import { replaceValue, type Change } from '../instrument/instrument.js';
import { currentFrame } from '../seam/seam.js';
import { takeOwnAwait } from './await-scope.js';

// A development check: no patch can see an engine resume an async function,
// but every `await p` of a native promise reads `p.constructor` (the spec's
// PromiseResolve). A getter there notices an await made in a frame with
// context, whose continuation will run in the empty frame. The getter takes
// engines off their fast path for await, so it exists only when asked for.
// The promise methods that read `constructor` themselves are marked, so that
// only awaits (and async generators' yields) are reported.

const MESSAGE =
  'taskcontext: context was lost across a native `await`: the code before it ran with context, ' +
  'the code after it runs in the empty frame. No patch can see an engine resume an async function. ' +
  'Build the app with a taskcontext bundler plugin (taskcontext/vite, /rollup, /rolldown, /webpack, /rspack or /esbuild), ' +
  'the loader (taskcontext/loader, for Turbopack) or the Metro transformer (taskcontext/metro) ' +
  "to keep context across await: see docs/in-depth.md, 'await in browsers: the bundler plugins'.";


let insidePromiseMethod = 0;

type Method = (this: unknown, ...args: never[]) => unknown;

/** `original`, counting the calls in progress: a method, as the platform's (not a constructor). */
function marked(original: Method): Method {
  return {
    marked(this: unknown) {
      insidePromiseMethod++;
      try {
        // eslint-disable-next-line prefer-rest-params
        return apply(original, this, arguments);
      } finally {
        insidePromiseMethod--;
      }
    },
  }.marked;
}

/** Installs the check; `report` hears the message once. Returns the changes it made. */
export function installAwaitWarning(report: (message: string) => void): Change[] {
  let reported = false;
  const proto = Promise.prototype as unknown as Record<string, unknown>;
  const own = Object.getOwnPropertyDescriptor(Promise.prototype, 'constructor');
  const PromiseConstructor = own?.value as unknown;

  const changes: Change[] = [];
  for (const name of ['then', 'finally'] as const) {
    const change = replaceValue<Method>(Promise.prototype, name, marked);
    if (change) changes.push(change);
  }
  for (const name of ['resolve', 'all', 'allSettled', 'any', 'race'] as const) {
    const change = replaceValue<Method>(Promise, name, marked);
    if (change) changes.push(change);
  }

  const getter = function (this: unknown): unknown {
    // An await of code built by taskcontext/rollup keeps its frame: not lost.
    if (takeOwnAwait()) return PromiseConstructor;
    if (!reported && insidePromiseMethod === 0 && currentFrame() !== Frame.EMPTY) {
      reported = true;
      report(MESSAGE);
    }
    return PromiseConstructor;
  };
  Object.defineProperty(proto, 'constructor', {
    get: getter,
    set(this: object, value: unknown) {
      // Assigning `p.constructor = X` still gives p an own data property, as before.
      Object.defineProperty(this, 'constructor', { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: false,
    configurable: true,
  });
  changes.push({
    target: proto,
    key: 'constructor',
    undo() {
      if (Object.getOwnPropertyDescriptor(proto, 'constructor')?.get === getter && own) {
        Object.defineProperty(proto, 'constructor', own);
      }
    },
  });
  return changes;
}
