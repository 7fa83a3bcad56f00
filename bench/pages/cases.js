// The page side of bench/browser.ts: the same cases in every page, whatever
// carries context there. Each page defines `window.benchAdapter` first:
//
//   run(value, fn)      calls fn with the page's variable set to value (Variable.run)
//   get()               the variable's value here (Variable.get)
//   snapshot()          captures the current context (new Snapshot())
//   runIn(snapshot, fn) calls fn in a captured context (Snapshot.run)
//
// The async cases run inside `run(VALUE, …)`, so that frames are not empty,
// and read the variable once, in the last callback: what they saw is
// reported with the timings (a lost context shows, and costs no time here).
//
// window.runBenchmarks({ rounds, warmup, scale, minMs, only }) resolves with
// { userAgent, results: [{ name, iterations, repeat, times: [ms…], seen: [value…], error? }] }.
(() => {
  const VALUE = 'ctx-value';
  const INNER = 'inner-value';
  const adapter = window.benchAdapter;

  /**
   * Loops of n operations; each resolves with what the context held at the end.
   * Most come in two shapes: one callback shared by every operation (what a
   * micro-benchmark writes) and a new closure per operation (what apps write:
   * `p.then((r) => …)` allocates one at every call). `shape` is absent where
   * there is only one. `n` counts the row's operations (`unit`).
   */
  const cases = [];
  const both = (name, iterations, unit, make) => {
    cases.push({ name, shape: 'shared callback', iterations, unit, run: make(false) });
    cases.push({ name, shape: 'new closure each', iterations, unit, run: make(true) });
  };

  both('.then chain', 100_000, '.then', (fresh) => (n) =>
    adapter.run(VALUE, () => {
      let p = Promise.resolve(0);
      const next = (x) => x + 1;
      if (fresh) for (let i = 0; i < n; i++) p = p.then((x) => x + 1);
      else for (let i = 0; i < n; i++) p = p.then(next);
      return p.then((count) => (count === n ? adapter.get() : `count ${count}`));
    }),
  );

  // What fetch(url).then(parse).then(use).catch(report).finally(done) costs,
  // 10k requests in flight at once (the "response" is already there).
  both('fetch-like chains (then → then → catch → finally)', 10_000, 'chain', (fresh) => (n) =>
    adapter.run(VALUE, () => {
      let done = 0;
      let seen;
      const parse = (x) => x + 1;
      const use = (x) => {
        if (x % 10 === 0) throw new Error('bad');
        return x;
      };
      const report = () => -1;
      const finish = () => {
        if (++done === n) seen = adapter.get();
      };
      const all = [];
      for (let i = 0; i < n; i++) {
        const response = Promise.resolve(i);
        all.push(
          fresh
            ? response
                .then((x) => x + 1)
                .then((x) => {
                  if (x % 10 === 0) throw new Error('bad');
                  return x;
                })
                .catch(() => -1)
                .finally(() => {
                  if (++done === n) seen = adapter.get();
                })
            : response.then(parse).then(use).catch(report).finally(finish),
        );
      }
      return Promise.all(all).then(() => seen);
    }),
  );

  cases.push({
    name: 'await (native)',
    iterations: 100_000,
    unit: 'await',
    run: (n) => adapter.run(VALUE, () => window.benchAwaitNative(n, adapter.get)),
  });
  cases.push({
    // Each page keeps context across await its own way (see bench/browser.ts's buildPageScripts).
    name: 'await (built to keep context)',
    iterations: 100_000,
    unit: 'await',
    run: (n) => adapter.run(VALUE, () => window.benchAwaitKept(n, adapter.get)),
  });

  /** Schedules n callbacks with `schedule` inside run; resolves with what the last one read. */
  const fanOut = (n, fresh, schedule) =>
    adapter.run(
      VALUE,
      () =>
        new Promise((resolve) => {
          let left = n;
          const tick = () => {
            if (--left === 0) resolve(adapter.get());
          };
          if (fresh) {
            for (let i = 0; i < n; i++) {
              schedule(() => {
                if (--left === 0) resolve(adapter.get());
              });
            }
          } else for (let i = 0; i < n; i++) schedule(tick);
        }),
    );

  both('queueMicrotask', 100_000, 'callback', (fresh) => (n) => fanOut(n, fresh, (cb) => queueMicrotask(cb)));

  // A framework scheduler: each job queues its follow-up jobs (four) with
  // queueMicrotask, breadth first, until n jobs have run.
  both('queueMicrotask scheduler (each job queues 4)', 100_000, 'job', (fresh) => (n) =>
    adapter.run(
      VALUE,
      () =>
        new Promise((resolve) => {
          let queued = 1;
          let ran = 0;
          const job = () => {
            if (++ran === n) return resolve(adapter.get());
            for (let k = 0; k < 4 && queued < n; k++, queued++) queueMicrotask(fresh ? () => job() : job);
          };
          queueMicrotask(job);
        }),
    ),
  );

  both('setTimeout(0)', 10_000, 'timer', (fresh) => (n) => fanOut(n, fresh, (cb) => setTimeout(cb, 0)));

  // Only the time the page spends: registering the callbacks, then running
  // them (first to last callback), not the wait for the next frame.
  both('requestAnimationFrame', 10_000, 'callback', (fresh) => (n) =>
    adapter.run(
      VALUE,
      () =>
        new Promise((resolve) => {
          let left = n;
          let first = 0;
          const t0 = performance.now();
          const tick = () => {
            if (left === n) first = performance.now();
            if (--left === 0) resolve({ seen: adapter.get(), time: registered + (performance.now() - first) });
          };
          if (fresh) {
            for (let i = 0; i < n; i++) {
              requestAnimationFrame(() => {
                if (left === n) first = performance.now();
                if (--left === 0) resolve({ seen: adapter.get(), time: registered + (performance.now() - first) });
              });
            }
          } else for (let i = 0; i < n; i++) requestAnimationFrame(tick);
          const registered = performance.now() - t0;
        }),
    ),
  );

  both('listener add+remove', 100_000, 'add+remove', (fresh) => (n) =>
    adapter.run(VALUE, () => {
      const target = document.createElement('div');
      let seen;
      const listener = () => {
        seen = adapter.get();
      };
      if (fresh) {
        for (let i = 0; i < n; i++) {
          const onEvent = () => {
            seen = adapter.get();
          };
          target.addEventListener('bench', onEvent);
          target.removeEventListener('bench', onEvent);
        }
      } else {
        for (let i = 0; i < n; i++) {
          target.addEventListener('bench', listener);
          target.removeEventListener('bench', listener);
        }
      }
      // The last pair left nothing behind: one more add, to see where the listener runs.
      target.addEventListener('bench', listener);
      target.dispatchEvent(new Event('bench'));
      return seen;
    }),
  );

  // As a UI framework re-renders: 1,000 elements, each with click, input and
  // keydown listeners; every render removes them all and adds new closures.
  both('listener churn (re-render 1k elements × 3 listeners)', 99_000, 'add+remove', (fresh) => {
    const types = ['click', 'input', 'keydown'];
    return (n) =>
      adapter.run(VALUE, () => {
        const elements = Array.from({ length: 1000 }, () => document.createElement('button'));
        let seen;
        const shared = () => {
          seen = adapter.get();
        };
        const current = elements.map(() => [shared, shared, shared]);
        const renders = Math.max(1, Math.round(n / 3000));
        for (let r = 0; r < renders; r++) {
          for (let e = 0; e < elements.length; e++) {
            const element = elements[e];
            const listeners = current[e];
            for (let t = 0; t < 3; t++) {
              if (r > 0) element.removeEventListener(types[t], listeners[t]);
              const next = fresh
                ? () => {
                    seen = adapter.get();
                  }
                : shared;
              element.addEventListener(types[t], next);
              listeners[t] = next;
            }
          }
        }
        elements[999].dispatchEvent(new Event('keydown'));
        return seen;
      });
  });

  both('dispatchEvent', 100_000, 'dispatch', (fresh) => (n) =>
    adapter.run(VALUE, () => {
      // Shared: one listener on one element. New closures: 100 elements, each its own listener.
      const targets = Array.from({ length: fresh ? 100 : 1 }, () => document.createElement('div'));
      let count = 0;
      let seen;
      const listener = () => {
        if (++count === n) seen = adapter.get();
      };
      for (const target of targets) {
        target.addEventListener(
          'bench',
          fresh
            ? () => {
                if (++count === n) seen = adapter.get();
              }
            : listener,
        );
      }
      for (let i = 0; i < n; i++) targets[i % targets.length].dispatchEvent(new Event('bench'));
      return seen;
    }),
  );

  cases.push({
    name: 'Variable.get',
    iterations: 3_000_000,
    unit: 'get',
    run: (n) =>
      adapter.run(VALUE, () => {
        let same = 0;
        for (let i = 0; i < n; i++) if (adapter.get() === VALUE) same++;
        return same === n ? VALUE : `${same}/${n}`;
      }),
  });
  cases.push({
    name: 'Variable.run',
    iterations: 300_000,
    unit: 'run',
    run: (n) =>
      adapter.run(VALUE, () => {
        let same = 0;
        const read = () => adapter.get();
        for (let i = 0; i < n; i++) if (adapter.run(INNER, read) === INNER) same++;
        return same === n ? adapter.get() : `${same}/${n}`;
      }),
  });
  cases.push({
    name: 'Snapshot capture',
    iterations: 1_000_000,
    unit: 'capture',
    run: (n) =>
      adapter.run(VALUE, () => {
        // Kept in a ring, so that the engine cannot drop the captures as unused.
        const kept = new Array(1024);
        for (let i = 0; i < n; i++) kept[i & 1023] = adapter.snapshot();
        return adapter.runIn(kept[(n - 1) & 1023], adapter.get);
      }),
  });
  cases.push({
    name: 'Snapshot.run',
    iterations: 500_000,
    unit: 'run',
    run: (n) => {
      const snapshot = adapter.run(VALUE, () => adapter.snapshot());
      let same = 0;
      const read = () => adapter.get();
      for (let i = 0; i < n; i++) if (adapter.runIn(snapshot, read) === VALUE) same++;
      return same === n ? VALUE : `${same}/${n}`;
    },
  });
  for (const c of cases) c.id = c.shape ? `${c.name} · ${c.shape}` : c.name;

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** `promise`, or a rejection after `ms` (a case whose last callback never came). */
  function withinTime(promise, ms) {
    let timer;
    const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)));
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }

  window.benchCases = cases.map((c) => ({ id: c.id, name: c.name, shape: c.shape, unit: c.unit, iterations: c.iterations }));

  /**
   * Runs the cases given by id (`only`; all when absent) `warmup + rounds`
   * times, the cases in turn. Timers are coarse (1 ms in Firefox and WebKit,
   * 0.1 ms in Chromium), so the warm-up rounds also pick, per case, how many
   * back-to-back runs one sample times (`repeat`, so that a sample lasts at
   * least `minMs`); a sample is that time divided by `repeat`: the time of one
   * run of `iterations` operations. A case that resolves with `{ seen, time }`
   * times itself (requestAnimationFrame: not the wait for the frame).
   */
  window.runBenchmarks = async ({ rounds = 3, warmup = 2, scale = 1, minMs = 30, only } = {}) => {
    const results = cases
      .filter((c) => !only || only.includes(c.id))
      .map((c) => ({ name: c.id, iterations: Math.max(1, Math.round(c.iterations * scale)), repeat: 1, times: [], seen: [] }));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const entry of results) {
        if (entry.error) continue;
        const c = cases.find((x) => x.id === entry.name);
        await pause(5); // outside the timing: let the page settle (and collect)
        try {
          let seen;
          let own = 0;
          let selfTimed = false;
          const t0 = performance.now();
          for (let k = 0; k < entry.repeat; k++) {
            seen = await withinTime(c.run(entry.iterations), 60_000);
            if (seen !== null && typeof seen === 'object') {
              selfTimed = true;
              own += seen.time;
              seen = seen.seen;
            }
          }
          const time = (selfTimed ? own : performance.now() - t0) / entry.repeat;
          if (round < warmup) {
            entry.repeat = Math.min(selfTimed ? 16 : 256, Math.max(1, Math.ceil(minMs / Math.max(time, 0.05))));
          } else {
            entry.times.push(time);
            entry.seen.push(seen === undefined ? 'undefined' : String(seen));
          }
        } catch (error) {
          entry.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
    }
    return { userAgent: navigator.userAgent, results };
  };
})();
