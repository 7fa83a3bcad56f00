// AsyncResource as async_hooks sees it: its ids are the ones executionAsyncId()
// and triggerAsyncId() report inside its scope, and createHook's hooks get the
// resource itself. Server runtimes only: these are node:async_hooks' functions.
// README.md maps each Node test file to the tests here and in the contract suite.
import { createHook, executionAsyncId, executionAsyncResource, triggerAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { itNeeds } from './capabilities.js';
import { deferred, immediate } from './helpers.js';
import { AsyncResource } from './subject.js';

describe('ids are async_hooks\' ids (test-async-hooks-recursive-stack-runInAsyncScope, test-asyncresource-bind, test-embedder.api.async-resource)', () => {
  it('inside runInAsyncScope, executionAsyncId() is asyncId(); the caller\'s id is back after', async () => {
    const seen = await immediate(() => {
      const callerId = executionAsyncId();
      const resource = new AsyncResource('node-parity-ids');
      const inside = resource.runInAsyncScope(() => executionAsyncId());
      return { inside, asyncId: resource.asyncId(), restored: executionAsyncId() === callerId };
    });
    expect(seen.inside).toBe(seen.asyncId);
    expect(seen.restored).toBe(true);
  });

  itNeeds('triggerIdInScope', 'inside runInAsyncScope, triggerAsyncId() is the resource\'s triggerAsyncId()', async () => {
    const seen = await immediate(() => {
      const resource = new AsyncResource('node-parity-ids');
      return { inside: resource.runInAsyncScope(() => triggerAsyncId()), resource: resource.triggerAsyncId() };
    });
    expect(seen.inside).toBe(seen.resource);
  });

  it('a function bound with resource.bind runs with the resource\'s asyncId() as executionAsyncId()', async () => {
    const resource = new AsyncResource('node-parity-bind');
    const bound = resource.bind(() => executionAsyncId());
    expect(await immediate(() => bound())).toBe(resource.asyncId());
  });

  it('the bound function has the resource as its asyncResource property and fn\'s length', () => {
    const resource = new AsyncResource('node-parity-bind');
    const bound = resource.bind((_a: unknown, _b: unknown) => undefined);
    expect(bound.asyncResource).toBe(resource);
    expect(bound.length).toBe(2);
  });

  itNeeds('executionIds', 'a function bound by resource.bind or AsyncResource.bind runs under an execution id other than its caller\'s', async () => {
    const instanceBound = new AsyncResource('node-parity-bind').bind(() => executionAsyncId());
    const staticBound = AsyncResource.bind(() => executionAsyncId());
    const seen = await immediate(() => ({ caller: executionAsyncId(), instance: instanceBound(), static: staticBound() }));
    expect(seen.instance).not.toBe(seen.caller);
    expect(seen.static).not.toBe(seen.caller);
  });

  it('without a triggerAsyncId option, the trigger is executionAsyncId() where the resource was made', async () => {
    const seen = await immediate(() => ({ execution: executionAsyncId(), trigger: new AsyncResource('node-parity-trigger').triggerAsyncId() }));
    expect(seen.trigger).toBe(seen.execution);
  });
});

describe('async_hooks sees the resource itself (test-async-exec-resource-match, test-embedder.api.async-resource, test-async-hooks-close-during-destroy)', () => {
  itNeeds('executionResource', 'executionAsyncResource() inside runInAsyncScope is the resource (a subclass instance too)', () => {
    class Job extends AsyncResource {}
    const plain = new AsyncResource('node-parity-resource');
    const job = new Job('node-parity-job');
    expect(plain.runInAsyncScope(() => executionAsyncResource())).toBe(plain);
    expect(job.runInAsyncScope(() => executionAsyncResource())).toBe(job);
  });

  /** The init calls for resources of `type` while `make` runs. */
  function initsOf(type: string, make: () => InstanceType<typeof AsyncResource>) {
    const inits: Array<{ id: number; trigger: number; resource: object }> = [];
    const hook = createHook({
      init: (id, t, trigger, resource) => void (t === type && inits.push({ id, trigger, resource })),
    }).enable();
    try {
      return { resource: make(), inits };
    } finally {
      hook.disable();
    }
  }

  itNeeds('asyncHooks', 'init gets the resource\'s asyncId, its type and the resource itself', () => {
    const { resource, inits } = initsOf('node-parity-init', () => new AsyncResource('node-parity-init'));
    expect(inits).toHaveLength(1);
    expect(inits[0]!.id).toBe(resource.asyncId());
    expect(inits[0]!.resource === resource, 'init\'s resource is the AsyncResource the caller made').toBe(true);
  });

  itNeeds(['asyncHooks', 'initTriggerId'], 'init gets the triggerAsyncId option as the trigger', () => {
    const { resource, inits } = initsOf('node-parity-init', () => new AsyncResource('node-parity-init', { triggerAsyncId: 111 }));
    expect(inits.map((init) => init.trigger)).toEqual([111]);
    expect(resource.triggerAsyncId()).toBe(111);
  });

  itNeeds('asyncHooks', 'before and after run around runInAsyncScope with the resource\'s asyncId', () => {
    const events: string[] = [];
    const resource = new AsyncResource('node-parity-before-after');
    const id = resource.asyncId();
    const hook = createHook({
      before: (asyncId) => void (asyncId === id && events.push('before')),
      after: (asyncId) => void (asyncId === id && events.push('after')),
    }).enable();
    try {
      resource.runInAsyncScope(() => events.push('callback'));
      resource.runInAsyncScope(() => events.push('callback'));
    } finally {
      hook.disable();
    }
    expect(events).toEqual(['before', 'callback', 'after', 'before', 'callback', 'after']);
  });

  itNeeds('asyncHooks', 'emitDestroy emits destroy with the asyncId, once, and nothing once the hook is disabled', async () => {
    const destroyed: number[] = [];
    const hook = createHook({ destroy: (id) => void destroyed.push(id) }).enable();
    const first = new AsyncResource('node-parity-destroy');
    const second = new AsyncResource('node-parity-destroy');
    first.emitDestroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    hook.disable();
    second.emitDestroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(destroyed.filter((id) => id === first.asyncId())).toHaveLength(1);
    expect(destroyed).not.toContain(second.asyncId());
  });

  itNeeds('asyncHooks', 'a resource destroyed from inside a destroy hook is destroyed too, each once', async () => {
    const first = new AsyncResource('node-parity-close');
    const second = new AsyncResource('node-parity-close');
    const ids = [first.asyncId(), second.asyncId()];
    const destroyed: number[] = [];
    const bothDone = deferred<void>();
    const hook = createHook({
      destroy(id) {
        if (!ids.includes(id)) return;
        destroyed.push(id);
        if (id === ids[0]) second.emitDestroy();
        if (destroyed.length === 2) bothDone.resolve();
      },
    }).enable();
    first.emitDestroy();
    await Promise.race([bothDone.promise, new Promise((resolve) => setTimeout(resolve, 1000))]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    hook.disable();
    expect(destroyed).toEqual(ids);
  });
});
