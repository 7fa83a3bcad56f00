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
// window.runBenchmarks({ rounds, warmup, scale, only }) resolves with
// { userAgent, results: { [case]: { iterations, times: [ms…], seen: [value…], error? } } }.
(() => {
  const VALUE = 'ctx-value';
  const INNER = 'inner-value';
  const adapter = window.benchAdapter;

  /** Loops of n operations; each resolves with what the context held at the end. */
  const cases = [
    {
      name: '.then chain',
      iterations: 100_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          let p = Promise.resolve(0);
          const next = (x) => x + 1;
          for (let i = 0; i < n; i++) p = p.then(next);
          return p.then((count) => (count === n ? adapter.get() : `count ${count}`));
        }),
    },
    {
      name: 'await (native)',
      iterations: 100_000,
      run: (n) => adapter.run(VALUE, () => window.benchAwaitNative(n, adapter.get)),
    },
    {
      name: 'await (lowered by taskcontext/rollup)',
      iterations: 100_000,
      run: (n) => adapter.run(VALUE, () => window.benchAwaitLowered(n, adapter.get)),
    },
    {
      name: 'queueMicrotask',
      iterations: 100_000,
      run: (n) =>
        adapter.run(
          VALUE,
          () =>
            new Promise((resolve) => {
              let left = n;
              const tick = () => {
                if (--left === 0) resolve(adapter.get());
              };
              for (let i = 0; i < n; i++) queueMicrotask(tick);
            }),
        ),
    },
    {
      name: 'setTimeout(0)',
      iterations: 10_000,
      run: (n) =>
        adapter.run(
          VALUE,
          () =>
            new Promise((resolve) => {
              let left = n;
              const tick = () => {
                if (--left === 0) resolve(adapter.get());
              };
              for (let i = 0; i < n; i++) setTimeout(tick, 0);
            }),
        ),
    },
    {
      name: 'listener add+remove',
      iterations: 100_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          const target = document.createElement('div');
          let seen;
          const listener = () => {
            seen = adapter.get();
          };
          for (let i = 0; i < n; i++) {
            target.addEventListener('bench', listener);
            target.removeEventListener('bench', listener);
          }
          // The last pair left nothing behind: one more add, to see where the listener runs.
          target.addEventListener('bench', listener);
          target.dispatchEvent(new Event('bench'));
          return seen;
        }),
    },
    {
      name: 'dispatchEvent',
      iterations: 100_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          const target = document.createElement('div');
          let count = 0;
          let seen;
          target.addEventListener('bench', () => {
            if (++count === n) seen = adapter.get();
          });
          for (let i = 0; i < n; i++) target.dispatchEvent(new Event('bench'));
          return seen;
        }),
    },
    {
      name: 'Variable.get',
      iterations: 1_000_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          let same = 0;
          for (let i = 0; i < n; i++) if (adapter.get() === VALUE) same++;
          return same === n ? VALUE : `${same}/${n}`;
        }),
    },
    {
      name: 'Variable.run',
      iterations: 100_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          let same = 0;
          const read = () => adapter.get();
          for (let i = 0; i < n; i++) if (adapter.run(INNER, read) === INNER) same++;
          return same === n ? adapter.get() : `${same}/${n}`;
        }),
    },
    {
      name: 'Snapshot capture',
      iterations: 100_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          let snapshot;
          for (let i = 0; i < n; i++) snapshot = adapter.snapshot();
          return adapter.runIn(snapshot, adapter.get);
        }),
    },
    {
      name: 'Snapshot.run',
      iterations: 100_000,
      run: (n) => {
        const snapshot = adapter.run(VALUE, () => adapter.snapshot());
        let same = 0;
        const read = () => adapter.get();
        for (let i = 0; i < n; i++) if (adapter.runIn(snapshot, read) === VALUE) same++;
        return same === n ? VALUE : `${same}/${n}`;
      },
    },
  ];

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** `promise`, or a rejection after `ms` (a case whose last callback never came). */
  function withinTime(promise, ms) {
    let timer;
    const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)));
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
  }

  window.benchCases = cases.map((c) => ({ name: c.name, iterations: c.iterations }));

  window.runBenchmarks = async ({ rounds = 3, warmup = 1, scale = 1, only } = {}) => {
    const results = {};
    for (let round = 0; round < warmup + rounds; round++) {
      for (const c of cases) {
        if (only && !only.includes(c.name)) continue;
        const n = Math.max(1, Math.round(c.iterations * scale));
        const entry = (results[c.name] ??= { iterations: n, times: [], seen: [] });
        if (entry.error) continue;
        await pause(5); // outside the timing: let the page settle (and collect)
        try {
          const t0 = performance.now();
          const seen = await withinTime(c.run(n), 60_000);
          const time = performance.now() - t0;
          if (round >= warmup) {
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
