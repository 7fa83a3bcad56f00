// Scenarios that run in a child process (helpers.ts: runChild). When this
// bundle runs with NODE_PARITY_CHILD=<name>[:<argument>], this module runs
// that scenario instead of the suite, prints `CHILD-RESULT <json>` and exits:
// its top-level await holds back the rest of the bundle (the suite runner).
// `platform-probes` is the runtime's own classes in the capability probes that
// take time (capabilities.ts); the other scenarios are tests' (process.test.ts).
import { AsyncLocalStorage as PlatformStorage, AsyncResource as PlatformResource, createHook, executionAsyncId, triggerAsyncId } from 'node:async_hooks';
import * as net from 'node:net';
import { finished, Readable } from 'node:stream';
import * as tls from 'node:tls';
import * as vm from 'node:vm';
import { createGzip } from 'node:zlib';
import { CHILD_RESULT, collectGarbage } from './helpers.js';
import { AsyncLocalStorage, AsyncResource } from './subject.js';
import { localhostCertificate, localhostKey } from './tls-fixture.js';

type Scenario = (argument: string) => unknown;

/** `platform`: the runtime's own node:async_hooks class (for a capability probe); anything else: the class under test. */
const storageClass = (which: string): typeof AsyncLocalStorage =>
  which === 'platform' ? (PlatformStorage as unknown as typeof AsyncLocalStorage) : AsyncLocalStorage;
const resourceClass = (which: string): typeof AsyncResource =>
  which === 'platform' ? (PlatformResource as unknown as typeof AsyncResource) : AsyncResource;

/** The steps of the process-errors scenario, and what each step's listeners note where the runtime carries the store to them (Node). */
export type ErrorSteps = Record<'timer' | 'asyncRejection' | 'rejectionInListener' | 'vmRejection', string[]>;
export const EXPECTED_ERROR_NOTES: ErrorSteps = {
  timer: ['monitor(uncaughtException) err2: callback', 'uncaughtException err2: callback', 'nextTick queued before the throw: callback'],
  asyncRejection: ['unhandledRejection err3: await'],
  rejectionInListener: ['unhandledRejection err3: await', 'monitor(unhandledRejection) err4: await', 'uncaughtException err4: await'],
  vmRejection: ['unhandledRejection err5: await'],
};

/** What the platform-probes scenario reports: the runtime's own classes in the capability probes that take a job or more (capabilities.ts). */
export interface PlatformProbes {
  sockets: { tcp: boolean; tls: boolean };
  streamFinished: boolean;
  vmPromise: boolean;
  destroy: { leftToGc: number; destroyedByHand: number; manualOnly: number };
  errors: Partial<ErrorSteps>;
}

/** A few macrotasks, each ending in a full collection: WeakRefs made in an earlier job can be cleared. */
async function collectForSure(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
  }
}

/** The name of what `fn` threw, or null if it returned. */
function errorName(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

function once(fn: () => void): { threw: string | null } {
  return { threw: errorName(fn) };
}

/** Calls `fn` from `frames` frames deeper than here. */
function padded(frames: number, fn: () => void): void {
  if (frames === 0) fn();
  else padded(frames - 1, fn);
}

/** Calls `fn` 100 times, from 0 to 99 frames deeper: how many calls completed, and what the others threw. */
function sweep(fn: () => void): { completed: number; threw: Record<string, number> } {
  let completed = 0;
  const threw: Record<string, number> = {};
  for (let frames = 0; frames < 100; frames++) {
    const name = errorName(() => padded(frames, fn));
    if (name === null) completed++;
    else threw[name] = (threw[name] ?? 0) + 1;
  }
  return { completed, threw };
}

const scenarios: Record<string, Scenario> = {
  /**
   * `deep-scope:<depth>[,ids|,sweep]`: <depth> AsyncResources, each made and
   * entered inside the previous one's runInAsyncScope. With `ids`, counts the
   * checks (on the way in and out of each level) where asyncId() differs from
   * async_hooks' executionAsyncId(), and where triggerAsyncId() differs from
   * its triggerAsyncId(): apart, as a runtime may lack trigger ids. With
   * `sweep`, nests 100 times, each time from a little deeper in the stack, so
   * that a stack overflow, if the depth causes one, happens at every point of
   * a level's calls once: also inside async_hooks' own bookkeeping, where
   * Node ends the process ("async hook stack has become corrupted").
   */
  'deep-scope': async (argument) => {
    const [depthText, flag] = argument.split(',');
    const depth = Number(depthText);
    const checkIds = flag === 'ids';
    const outerId = executionAsyncId();
    let reached = 0;
    let executionMismatches = 0;
    let triggerMismatches = 0;
    const compareIds = (resource: InstanceType<typeof AsyncResource>) => {
      if (!checkIds) return;
      if (resource.asyncId() !== executionAsyncId()) executionMismatches++;
      if (resource.triggerAsyncId() !== triggerAsyncId()) triggerMismatches++;
    };
    const enter = (left: number): void => {
      const resource = new AsyncResource('node-parity-deep');
      resource.runInAsyncScope(() => {
        reached++;
        compareIds(resource);
        if (left > 1) enter(left - 1);
        compareIds(resource);
      });
    };
    const outcome = flag === 'sweep' ? sweep(() => enter(depth)) : { ...once(() => enter(depth)), reached };
    const idRestored = executionAsyncId() === outerId;
    await new Promise((resolve) => setImmediate(resolve)); // the event loop still runs after the unwinding
    return { ...outcome, executionMismatches, triggerMismatches, idRestored };
  },

  /** `deep-run:<depth>[,sweep]`: <depth> nested AsyncLocalStorage#run calls, each passing the count on as run's argument; `sweep` as for deep-scope. */
  'deep-run': async (argument) => {
    const [depthText, flag] = argument.split(',');
    const depth = Number(depthText);
    const storage = new AsyncLocalStorage<object>();
    let reached = 0;
    const nest = (left: number): void => {
      reached++;
      if (left > 1) storage.run({}, nest, left - 1);
    };
    const outcome = flag === 'sweep' ? sweep(() => storage.run({}, nest, depth)) : { ...once(() => storage.run({}, nest, depth)), reached };
    const storeLeftBehind = storage.getStore() !== undefined;
    await new Promise((resolve) => setImmediate(resolve));
    return { ...outcome, storeLeftBehind };
  },

  /** An exception thrown and caught inside runInAsyncScope leaves async_hooks' id stack as it was. */
  'throw-in-scope': async () => {
    const before = executionAsyncId();
    let caught = '';
    try {
      new AsyncResource('node-parity-throw').runInAsyncScope(() => {
        throw new Error('thrown inside the scope');
      });
    } catch (error) {
      caught = (error as Error).message;
    }
    const after = executionAsyncId();
    const inImmediate = await new Promise<number>((resolve) => setImmediate(() => resolve(executionAsyncId())));
    return { caught, restored: after === before, immediateRan: Number.isInteger(inImmediate) };
  },

  /**
   * `process-errors:<platform|subject>`: which store the process-wide error
   * listeners see, in four independent steps (Node's test chains them; here a
   * runtime that fails one still runs the next). Reports what each step's
   * listeners noted; a listener that never runs leaves its entry out.
   */
  'process-errors': async (which): Promise<ErrorSteps> => {
    const Storage = storageClass(which);
    const storage = new Storage<object>();
    const callbackToken = { token: 'callback' };
    const awaitToken = { token: 'await' };
    const storeName = () => {
      const store = storage.getStore();
      return store === callbackToken ? 'callback' : store === awaitToken ? 'await' : store === undefined ? 'none' : 'other';
    };
    type Note = (where: string, error?: unknown) => void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Listeners = Array<[event: string, listener: (...args: any[]) => void]>;
    /**
     * Adds the listeners `listen` returns, calls `start`; resolves with the
     * notes once `count` are in, or after 500 ms, the listeners removed.
     */
    const step = (count: number, listen: (note: Note) => Listeners, start: () => void) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        const finish = () => {
          clearTimeout(deadline);
          for (const [event, listener] of listeners) process.off(event, listener);
          setTimeout(() => resolve(seen), 10); // a late note still lands in this step
        };
        const note: Note = (where, error) => {
          seen.push(`${where}${error instanceof Error ? ` ${error.message}` : ''}: ${storeName()}`);
          if (seen.length === count) finish();
        };
        const deadline = setTimeout(finish, 500);
        const listeners = listen(note);
        for (const [event, listener] of listeners) process.on(event, listener);
        start();
      });
    const uncaught = (note: Note): Listeners => [
      ['uncaughtExceptionMonitor', (error: Error, origin: string) => note(`monitor(${origin})`, error)],
      ['uncaughtException', (error: Error) => note('uncaughtException', error)],
    ];
    const rejectAfterAwait = (message: string) =>
      void storage.run(awaitToken, async () => {
        await null;
        throw new Error(message);
      });

    // An error thrown by a timer scheduled inside run, and a tick it queued before throwing.
    let noteTick: Note = () => {};
    const timer = await step(
      3,
      (note) => ((noteTick = note), uncaught(note)),
      () =>
        storage.run(callbackToken, () =>
          setTimeout(() => {
            process.nextTick(() => noteTick('nextTick queued before the throw'));
            throw new Error('err2');
          }, 0),
        ),
    );

    // An async function run inside run rejects after an await, and nothing catches it.
    const asyncRejection = await step(1, (note) => [['unhandledRejection', (error: Error) => note('unhandledRejection', error)]], () => rejectAfterAwait('err3'));

    // That listener removes itself and makes another unhandled rejection:
    // with no unhandledRejection listener left, Node raises it as an uncaught exception.
    const rejectionInListener = await step(
      3,
      (note) => {
        const first = (error: Error) => {
          note('unhandledRejection', error);
          process.off('unhandledRejection', first);
          void Promise.reject(new Error('err4'));
        };
        return [['unhandledRejection', first], ...uncaught(note)];
      },
      () => rejectAfterAwait('err3'),
    );

    // A promise chain started by a function compiled with vm.compileFunction, called inside run.
    const vmRejection = await step(
      1,
      (note) => [['unhandledRejection', (error: Error) => note('unhandledRejection', error)]],
      () => {
        const orphan = vm.compileFunction('async function main() { await null; Promise.resolve().then(() => { throw new Error("err5"); }); } main();');
        storage.run(awaitToken, () => orphan());
      },
    );
    return { timer, asyncRejection, rejectionInListener, vmRejection };
  },

  /**
   * `socket-stores:<platform|subject>`: whether the data listener of a TCP and
   * of a TLS client made inside run sees the store (the platform-probes ask
   * the runtime's own class, to know whether the runtime carries it there at all).
   */
  'socket-stores': async (which): Promise<PlatformProbes['sockets']> => {
    const Storage = storageClass(which);
    const seenBy = async (server: net.Server, connect: (port: number) => net.Socket): Promise<boolean> => {
      const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
      const storage = new Storage<object>();
      const store = {};
      const seen = await new Promise<boolean>((resolve) => {
        setTimeout(() => resolve(false), 2000);
        storage.run(store, () => {
          const client = connect(port);
          client.on('data', () => {
            resolve(storage.getStore() === store);
            client.end();
          });
          client.on('error', () => resolve(false));
        });
      });
      await new Promise((resolve) => server.close(resolve));
      return seen;
    };
    const tcp = await seenBy(net.createServer((socket) => socket.end('hello')), (port) => net.connect({ host: '127.0.0.1', port }));
    const tlsSeen = await seenBy(
      tls.createServer({ key: localhostKey, cert: localhostCertificate }, (socket) => socket.end('hello')),
      (port) => tls.connect({ host: '127.0.0.1', port, ca: localhostCertificate, servername: 'localhost' }),
    );
    return { tcp, tls: tlsSeen };
  },

  /** An AsyncLocalStorage disabled inside its own run, with nothing else referring to it, is garbage collected. */
  'gc-disabled-storage': async () => {
    let storage: InstanceType<typeof AsyncLocalStorage> | null = new AsyncLocalStorage<object>();
    let ref!: WeakRef<object>;
    storage.run({}, () => {
      storage!.disable();
      ref = new WeakRef(storage!);
    });
    storage = null;
    await collectForSure();
    return { collected: ref.deref() === undefined };
  },

  /** A store that refers to a zlib stream (whose native handle keeps the context it was made in) is collected once the stream is done. */
  'gc-store-of-stream': async () => {
    class Store {
      stream: unknown;
    }
    let ref!: WeakRef<Store>;
    await new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        const storage = new AsyncLocalStorage<Store>();
        // The store is only in the storage and the WeakRef: no closure of this test holds it (Bun scans its stack conservatively).
        storage.run(new Store(), () => {
          ref = new WeakRef(storage.getStore()!);
          (async () => {
            const gzip = createGzip();
            storage.getStore()!.stream = gzip; // the store refers to the stream, the stream's handle to the store's context
            gzip.end('hello world');
            for await (const chunk of gzip) void chunk;
          })().then(resolve, reject);
        });
      }),
    );
    await collectForSure();
    return { collected: ref.deref() === undefined };
  },

  /**
   * `gc-destroy[:platform]`: async_hooks' destroy hook for resources nobody
   * refers to any more: one left to the GC, one destroyed by hand first, one
   * made with requireManualDestroy. Reports how often destroy ran for each.
   */
  'gc-destroy': async (which): Promise<PlatformProbes['destroy']> => {
    const Resource = resourceClass(which);
    const destroyed: number[] = [];
    const hook = createHook({ destroy: (id) => void destroyed.push(id) }).enable();
    const ids = (() => {
      const leftToGc = new Resource('node-parity-gc');
      const destroyedByHand = new Resource('node-parity-gc');
      destroyedByHand.emitDestroy();
      const manualOnly = new Resource('node-parity-gc', { requireManualDestroy: true });
      return [leftToGc.asyncId(), destroyedByHand.asyncId(), manualOnly.asyncId()];
    })();
    await collectForSure();
    await new Promise((resolve) => setTimeout(resolve, 20));
    hook.disable();
    const [leftToGc, destroyedByHand, manualOnly] = ids.map((id) => destroyed.filter((d) => d === id).length) as [number, number, number];
    return { leftToGc, destroyedByHand, manualOnly };
  },

  /** `stream-finished:<platform|subject>`: whether stream.finished's callback, registered inside run, sees the store when the stream ends outside it. */
  'stream-finished': async (which) => {
    const storage = new (storageClass(which))<number>();
    const readable = new Readable({ read() {} });
    const seen = new Promise<unknown>((resolve) => storage.run(321, () => finished(readable, () => resolve(storage.getStore()))));
    readable.destroy();
    return (await seen) === 321;
  },

  /** `vm-promise:<platform|subject>`: whether a promise callback queued by vm.compileFunction code, called inside run, sees the store. */
  'vm-promise': async (which) => {
    const storage = new (storageClass(which))<string>();
    const start = vm.compileFunction('return Promise.resolve().then(() => getStore());', ['getStore']) as (getStore: () => unknown) => Promise<unknown>;
    return (await storage.run('vm', () => start(() => storage.getStore()))) === 'vm';
  },

  /**
   * The runtime's own classes in every capability probe that needs a job or
   * more, a collection or process-wide listeners (capabilities.ts asks once,
   * before the suite registers its tests). The process-wide ones last.
   */
  'platform-probes': async (): Promise<PlatformProbes> => {
    const sockets = (await scenarios['socket-stores']!('platform')) as PlatformProbes['sockets'];
    const streamFinished = (await scenarios['stream-finished']!('platform')) as boolean;
    const vmPromise = (await scenarios['vm-promise']!('platform')) as boolean;
    const destroy = (await scenarios['gc-destroy']!('platform')) as PlatformProbes['destroy'];
    const errors = (await scenarios['process-errors']!('platform')) as ErrorSteps;
    return { sockets, streamFinished, vmPromise, destroy, errors };
  },
};

const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_PARITY_CHILD;
if (requested) {
  const colon = requested.indexOf(':');
  const name = colon < 0 ? requested : requested.slice(0, colon);
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`children.ts: no scenario '${name}'`);
    process.exit(2);
  }
  const result = await scenario(colon < 0 ? '' : requested.slice(colon + 1));
  console.log(CHILD_RESULT + JSON.stringify(result ?? null));
  process.exit(0);
}
