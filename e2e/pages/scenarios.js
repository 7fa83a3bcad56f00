// Page-side halves of the e2e scenarios (e2e/scenarios.ts calls them). Plain
// JavaScript, loaded by a <script> tag after the UMD bundle, so that every
// driver (Playwright for Chromium and Firefox, WebDriver for WebKit) runs the
// very same code. `v` is the harness Variable (default 'empty').
window.scenarios = (() => {
  const T = () => window.TaskContext;
  const v = () => (window.v ??= new (T().Variable)({ name: 'v', defaultValue: 'empty' }));
  const KINDS = ['then', 'setTimeout', 'setInterval', 'queueMicrotask', 'requestAnimationFrame', 'listener', 'onclick', 'xhr'];

  /** One callback of each kind scheduled inside v.run(value); resolves with what each saw. */
  function scheduleEverything(value) {
    const seen = {};
    return new Promise((resolve) => {
      const record = (kind) => {
        if (kind in seen) return;
        seen[kind] = v().get();
        if (KINDS.every((k) => k in seen)) resolve(seen);
      };
      v().run(value, () => {
        Promise.resolve().then(() => record('then'));
        setTimeout(() => record('setTimeout'), 5);
        let ticks = 0;
        const interval = setInterval(() => {
          if (++ticks === 3) {
            clearInterval(interval);
            record('setInterval');
          }
        }, 1);
        queueMicrotask(() => record('queueMicrotask'));
        requestAnimationFrame(() => record('requestAnimationFrame'));
        const target = document.createElement('div');
        target.addEventListener('ping', () => record('listener'));
        target.onclick = () => record('onclick');
        setTimeout(() => {
          target.dispatchEvent(new Event('ping'));
          target.click();
        }, 2);
        const xhr = new XMLHttpRequest();
        xhr.addEventListener('load', () => record('xhr'));
        xhr.open('GET', `/api/echo?delay=10&value=${value}`);
        xhr.send();
      });
    });
  }

  const platformMethods = () => [Promise.prototype.then, setTimeout, EventTarget.prototype.addEventListener];

  return {
    KINDS,
    scheduleEverything,
    rememberPlatform() {
      window.originals = platformMethods();
      return { backend: T().backend(), installed: T().installed() ?? null };
    },
    uninstallAndCompare() {
      T().uninstall();
      return platformMethods().map((fn, i) => fn === window.originals[i]);
    },
    emptyOutside: () => new Promise((resolve) => setTimeout(() => resolve(v().get()), 1)),

    /**
     * An error thrown by a queueMicrotask callback queued inside run: reported
     * to the page's error event (the thrown value itself), and the next
     * microtask still runs, in its frame.
     */
    microtaskError() {
      return new Promise((resolve) => {
        const error = new Error('thrown in a microtask');
        const reported = [];
        const after = [];
        const onError = (event) => {
          reported.push({ sameError: event.error === error, message: String(event.message).includes('thrown in a microtask') });
          event.preventDefault(); // keeps the console quiet
        };
        window.addEventListener('error', onError);
        v().run('A', () => {
          queueMicrotask(() => {
            throw error;
          });
          queueMicrotask(() => after.push(v().get()));
        });
        setTimeout(() => {
          window.removeEventListener('error', onError);
          resolve({ reported, after, outside: v().get() });
        }, 20);
      });
    },

    /**
     * Ten install/uninstall cycles in a row, switching the events policy, each
     * setting an on* handler that stays alive. Returns which own properties of
     * the patched prototypes (and of window) differ from the platform's and
     * from what the first cycle left, and a handler's stack depth after the
     * first and the last cycle.
     */
    installCycles() {
      const holders = [window, Window.prototype, EventTarget.prototype, Node.prototype, Element.prototype, HTMLElement.prototype,
        Document.prototype, XMLHttpRequest.prototype, XMLHttpRequestEventTarget.prototype, Promise.prototype, Promise];
      const names = ['window', 'Window.prototype', 'EventTarget.prototype', 'Node.prototype', 'Element.prototype', 'HTMLElement.prototype',
        'Document.prototype', 'XMLHttpRequest.prototype', 'XMLHttpRequestEventTarget.prototype', 'Promise.prototype', 'Promise'];
      const snapshot = () => {
        const places = new Map();
        holders.forEach((holder, i) => {
          for (const key of Reflect.ownKeys(holder)) {
            const own = Object.getOwnPropertyDescriptor(holder, key);
            // Functions and accessors only: the page's own data (window.v, …) is not the patch's.
            if (own.get || own.set || typeof own.value === 'function') places.set(`${names[i]}.${String(key)}`, [own.value, own.get, own.set]);
          }
        });
        return places;
      };
      const differing = (a, b) => [...a.keys()].filter((label) => !b.has(label) || a.get(label).some((part, i) => part !== b.get(label)[i]));
      const element = document.createElement('button');
      const depth = () => {
        let seen = -1;
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = Infinity;
        v().run('D', () => {
          element.onclick = () => (seen = new Error().stack.split('\n').filter(Boolean).length);
        });
        element.click();
        Error.stackTraceLimit = limit;
        return seen;
      };
      const kept = [];
      const request = new XMLHttpRequest();
      const cycle = (events) => {
        T().install({ events });
        const button = document.createElement('button');
        v().run('A', () => {
          button.onclick = () => {};
          request.onload = () => {};
        });
        kept.push(button);
        T().uninstall();
      };
      const platform = snapshot();
      cycle('registration');
      const afterFirst = snapshot();
      const depthAfterFirst = depth();
      for (let i = 1; i < 10; i++) cycle(i % 2 === 0 ? 'registration' : 'dispatch');
      const now = snapshot();
      const depthAfterLast = depth();
      T().install();
      const log = [];
      v().run('A', () => (element.onclick = () => log.push(v().get())));
      v().run('B', () => element.click());
      T().uninstall();
      return {
        sinceFirstCycle: differing(now, afterFirst).concat(differing(afterFirst, now)),
        sincePlatform: differing(now, platform).concat(differing(platform, now)).sort(),
        sameDepth: depthAfterFirst === depthAfterLast,
        installedAgain: log,
        cycles: kept.length,
      };
    },

    /**
     * Listener objects with and without a callable handleEvent, on a div and
     * on an XMLHttpRequest (the target 'dispatch' wraps): what ran and what
     * the page's error event heard, to compare installed with not installed.
     */
    listenerObjects() {
      const log = [];
      const onError = (event) => {
        log.push(`error: ${event.message}`);
        event.preventDefault();
      };
      window.addEventListener('error', onError);
      try {
        for (const target of [document.createElement('div'), new XMLHttpRequest()]) {
          const kind = target instanceof XMLHttpRequest ? 'xhr' : 'div';
          target.addEventListener('x', {});
          target.addEventListener('x', { handleEvent: 5 });
          target.addEventListener('x', { handleEvent: null });
          const object = { handleEvent() { log.push(`${kind}: handleEvent, this is the object: ${this === object}`); } };
          target.addEventListener('x', object);
          target.addEventListener('x', () => log.push(`${kind}: function`));
          target.dispatchEvent(new Event('x'));
        }
      } finally {
        window.removeEventListener('error', onError);
      }
      return log;
    },

    /**
     * Callbacks that carry their own `call` and `apply` (a user's function may):
     * each must still be called as itself, in its frame, with its `this`.
     */
    ownCallProperty() {
      const own = (fn) => Object.assign(fn, { call: () => 'own call', apply: () => 'own apply' });
      const log = [];
      const element = document.createElement('div');
      const object = { handleEvent: own(function () { log.push(`handleEvent ${this === object} ${v().get()}`); }) };
      return new Promise((resolve) => {
        v().run('A', () => {
          element.addEventListener('x', own(function () { log.push(`listener ${this === element} ${v().get()}`); }));
          element.addEventListener('x', object);
          element.onclick = own(function () { log.push(`onclick ${this === element} ${v().get()}`); });
          queueMicrotask(own(() => log.push(`microtask ${v().get()}`)));
          Promise.resolve(1)
            .then(own((x) => x + 1))
            .then((value) => {
              log.push(`then returned ${value}`);
              setTimeout(own(() => {
                log.push(`timeout ${v().get()}`);
                resolve(log.sort());
              }));
            });
        });
        element.dispatchEvent(new Event('x'));
        element.click();
      });
    },

    /** A listener added with an already aborted signal, then the same one added plainly: how many times it runs. */
    abortedSignal() {
      const target = document.createElement('div');
      let runs = 0;
      const listener = () => runs++;
      target.addEventListener('x', listener, { signal: AbortSignal.abort() });
      target.dispatchEvent(new Event('x'));
      const afterAbortedAdd = runs;
      target.addEventListener('x', listener);
      target.dispatchEvent(new Event('x'));
      return [afterAbortedAdd, runs];
    },

    /** install() on a page with side-effecting getters on window: how many times each ran. */
    globalGettersAtInstall() {
      const calls = { deprecatedThing: 0, onsomething: 0 };
      for (const name of Object.keys(calls)) {
        Object.defineProperty(window, name, { get: () => calls[name]++, configurable: true });
      }
      T().install();
      T().uninstall();
      T().install({ events: 'dispatch' });
      T().uninstall();
      for (const name of Object.keys(calls)) delete window[name];
      return calls;
    },

    /**
     * Two copies of the library on one page (an SDK's and the app's, see
     * two-copies.html), and code built by taskcontext/rollup: what each
     * copy's Variable holds after an await, as they install and uninstall
     * in either order (the copy installed last serves built code; an
     * uninstall gives it back to the other).
     */
    async twoCopies() {
      const key = Symbol.for('taskcontext.await');
      const idle = { s: (x) => x, r: (x) => x, x() {} };
      const sdk = new window.SDK.Variable({ defaultValue: 'empty' });
      const app = new window.App.Variable({ defaultValue: 'empty' });
      // What the plugin makes of `await`: the hook is looked up at each call.
      const built = async () => {
        const hook = globalThis[key];
        const scope = hook ? hook() : idle;
        try {
          scope.r(await scope.s(new Promise((resolve) => setTimeout(resolve, 1))));
          await null; // a second stretch, resumed by the microtask queue
          scope.r(await scope.s(null));
          return `${sdk.get()}/${app.get()}`;
        } finally {
          scope.x();
        }
      };
      const run = () => sdk.run('sdk', () => app.run('app', built));
      const seen = {};
      window.SDK.install();
      seen.sdkOnly = await run();
      window.App.install();
      seen.appOver = (await run()).endsWith('/app'); // the last installed serves built code
      window.App.uninstall();
      seen.appUninstalled = await run();
      window.App.install();
      window.SDK.uninstall();
      seen.sdkUninstalled = await run();
      window.App.uninstall();
      seen.noneInstalled = await run();
      seen.hookLeft = Object.getOwnPropertySymbols(globalThis).includes(key);
      return seen;
    },

    /** A synchronous click() dispatched from another frame. */
    syncClick() {
      const button = document.getElementById('button');
      let seen;
      v().run('at-registration', () => button.addEventListener('click', () => (seen = v().get())));
      v().run('dispatcher', () => button.click());
      return seen;
    },

    fetchConcurrent() {
      return Promise.all(
        ['a', 'b', 'c'].map((id, i) =>
          v().run(id, () =>
            fetch(`/api/echo?delay=${30 - i * 10}&value=${id}`)
              .then((response) => response.json())
              .then((body) => [body.echo, v().get()]),
          ),
        ),
      );
    },

    /** Listeners registered in one frame, send() from another. */
    xhrFrames() {
      return new Promise((resolve) => {
        const log = [];
        const xhr = new XMLHttpRequest();
        v().run('at-registration', () => {
          xhr.addEventListener('load', () => log.push(['load', v().get()]));
          xhr.onloadend = () => {
            log.push(['onloadend', v().get()]);
            resolve(log);
          };
        });
        xhr.open('GET', '/api/echo?delay=10&value=x');
        v().run('at-send', () => xhr.send());
      });
    },

    animationAndIdle() {
      const idle = typeof requestIdleCallback === 'function';
      return Promise.all([
        v().run('raf', () => new Promise((r) => requestAnimationFrame(() => r(v().get())))),
        idle ? v().run('idle', () => new Promise((r) => requestIdleCallback(() => r(v().get()), { timeout: 500 }))) : 'no requestIdleCallback',
      ]);
    },

    observers() {
      const box = document.getElementById('box');
      const once = (make) => new Promise((resolve) => v().run('at-construction', () => make(resolve)));
      return Promise.all([
        once((done) => {
          const o = new MutationObserver(() => (o.disconnect(), done(v().get())));
          o.observe(box, { attributes: true });
          v().run('elsewhere', () => setTimeout(() => box.setAttribute('data-x', String(Math.random())), 1));
        }),
        once((done) => {
          const o = new ResizeObserver(() => (o.disconnect(), done(v().get())));
          o.observe(box);
        }),
        once((done) => {
          const o = new IntersectionObserver(() => (o.disconnect(), done(v().get())));
          o.observe(box);
        }),
        once((done) => {
          const o = new PerformanceObserver(() => (o.disconnect(), done(v().get())));
          o.observe({ entryTypes: ['mark'] });
          v().run('elsewhere', () => setTimeout(() => performance.mark('m'), 1));
        }),
      ]);
    },

    /**
     * The callback classes as a program sees them, installed and not: own
     * properties, prototype chain, `prototype`, instances made before install.
     * Runs on the harness (installed), uninstalls to read the platform's, and
     * installs again with the same policy.
     */
    callbackClasses() {
      const names = ['MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'PerformanceObserver', 'FinalizationRegistry'];
      const shape = (C) =>
        JSON.stringify({
          name: C.name,
          length: C.length,
          own: Reflect.ownKeys(C).map(String).sort(),
          prototype: ['writable', 'enumerable', 'configurable'].map((flag) => Object.getOwnPropertyDescriptor(C, 'prototype')[flag]),
          statics: C.supportedEntryTypes,
        });
      const policy = T().installed().events;
      T().uninstall();
      const platform = Object.fromEntries(names.map((name) => [name, window[name]]));
      const platformShapes = Object.fromEntries(names.map((name) => [name, shape(platform[name])]));
      // Instances of two of them, one made before install and one while installed.
      const sampled = ['MutationObserver', 'FinalizationRegistry'];
      const make = (name) => new window[name](() => {});
      const before = sampled.map(make);
      T().install({ events: policy });
      const installed = Object.fromEntries(names.map((name) => [name, window[name]]));
      const made = sampled.map(make);
      const result = {
        replaced: names.filter((name) => installed[name] !== platform[name]),
        shapes: names.filter((name) => shape(installed[name]) !== platformShapes[name]),
        prototypeChains: names.filter((name) => Object.getPrototypeOf(installed[name]) !== Object.getPrototypeOf(platform[name])),
        prototypes: names.filter((name) => installed[name].prototype !== platform[name].prototype),
        madeBefore: sampled.map((name, i) => before[i] instanceof installed[name]),
        madeWhile: sampled.map((name, i) => [Object.getPrototypeOf(made[i]) === platform[name].prototype, made[i].constructor === installed[name]]),
      };
      T().uninstall();
      result.afterUninstall = sampled.map((name, i) => made[i].constructor === platform[name] && window[name] === platform[name]);
      T().install({ events: policy });
      return result;
    },

    messaging() {
      const channel = new MessageChannel();
      const viaListener = new Promise((resolve) =>
        v().run('at-registration', () => {
          channel.port2.addEventListener('message', () => resolve(v().get()));
          channel.port2.start();
        }),
      );
      const other = new MessageChannel();
      const viaOnMessage = new Promise((resolve) => v().run('at-registration', () => (other.port2.onmessage = () => resolve(v().get()))));
      const name = `tc-${Math.random()}`;
      const receiver = new BroadcastChannel(name);
      const viaBroadcast = new Promise((resolve) => v().run('at-registration', () => (receiver.onmessage = () => resolve(v().get()))));
      v().run('sender', () => {
        channel.port1.postMessage('hi');
        other.port1.postMessage('hi');
        new BroadcastChannel(name).postMessage('hi');
      });
      return Promise.all([viaListener, viaOnMessage, viaBroadcast]);
    },

    worker() {
      return new Promise((resolve, reject) => {
        const worker = new Worker('/e2e/pages/worker.js');
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
    },

    /**
     * 1,000 concurrent tasks, each with its own value in a Variable, a Context
     * and an AsyncLocalStorage, hop through a seeded random mix of timers,
     * .then, microtasks, events and XHR; every hop checks all three.
     */
    async stress() {
      const { Context, AsyncLocalStorage, Variable } = T();
      const variable = new Variable();
      const context = new Context();
      const storage = new AsyncLocalStorage();
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      // A pump outside any task dispatches the events tasks wait for: under the
      // 'registration' policy a listener must see its task, not the pump's empty frame.
      const bus = new EventTarget();
      const queued = [];
      const pump = setInterval(() => {
        for (const id of queued.splice(0)) bus.dispatchEvent(new Event(`hop-${id}`));
      }, 1);
      const hops = {
        timeout: (_, next) => setTimeout(next, Math.floor(random() * 3)),
        then: (_, next) => Promise.resolve().then(next),
        microtask: (_, next) => queueMicrotask(next),
        event: (id, next) => {
          bus.addEventListener(`hop-${id}`, next, { once: true });
          queued.push(id);
        },
        xhr: (id, next) => {
          const xhr = new XMLHttpRequest();
          xhr.onload = next;
          xhr.open('GET', `/api/echo?value=${id}`);
          xhr.send();
        },
      };
      const kinds = Object.keys(hops);
      let checks = 0;
      const mismatches = [];
      const counts = {};
      const hopAround = (id) =>
        new Promise((resolve) => {
          let left = 8;
          const step = () => {
            checks++;
            const seen = [variable.get(), context.get('id'), storage.getStore()];
            if (seen.some((value) => value !== id)) mismatches.push(`task ${id} saw ${seen.join(',')}`);
            if (left-- === 0) return resolve();
            const kind = kinds[Math.floor(random() * kinds.length)];
            counts[kind] = (counts[kind] ?? 0) + 1;
            hops[kind](id, step);
          };
          variable.run(id, () => storage.run(id, () => context.run({ id }, step)));
        });
      await Promise.all(Array.from({ length: 1000 }, (_, id) => hopAround(id)));
      clearInterval(pump);
      return { checks, mismatches: mismatches.slice(0, 10), mismatchCount: mismatches.length, counts };
    },
  };
})();
