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
