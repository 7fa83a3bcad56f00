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

  /** Schedules n callbacks with `schedule` inside run; resolves with what the last one read. */
  const fanOut = (n, schedule) =>
    adapter.run(
      VALUE,
      () =>
        new Promise((resolve) => {
          let left = n;
          const tick = () => {
            if (--left === 0) resolve(adapter.get());
          };
          for (let i = 0; i < n; i++) schedule(tick);
        }),
    );

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
      // Each page keeps context across await its own way (see bench/browser.ts's buildPageScripts).
      name: 'await (built to keep context)',
      iterations: 100_000,
      run: (n) => adapter.run(VALUE, () => window.benchAwaitKept(n, adapter.get)),
    },
    {
      name: 'queueMicrotask',
      iterations: 100_000,
      run: (n) => fanOut(n, (tick) => queueMicrotask(tick)),
    },
    {
      name: 'setTimeout(0)',
      iterations: 10_000,
      run: (n) => fanOut(n, (tick) => setTimeout(tick, 0)),
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
      iterations: 3_000_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          let same = 0;
          for (let i = 0; i < n; i++) if (adapter.get() === VALUE) same++;
          return same === n ? VALUE : `${same}/${n}`;
        }),
    },
    {
      name: 'Variable.run',
      iterations: 300_000,
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
      iterations: 1_000_000,
      run: (n) =>
        adapter.run(VALUE, () => {
          // Kept in a ring, so that the engine cannot drop the captures as unused.
          const kept = new Array(1024);
          for (let i = 0; i < n; i++) kept[i & 1023] = adapter.snapshot();
          return adapter.runIn(kept[(n - 1) & 1023], adapter.get);
        }),
    },
    {
      name: 'Snapshot.run',
      iterations: 500_000,
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

  /**
   * Runs every case `warmup + rounds` times, the cases in turn. Timers are
   * coarse (1 ms in Firefox and WebKit, 0.1 ms in Chromium), so the warm-up
   * rounds also pick, per case, how many back-to-back runs one sample times
   * (`repeat`, so that a sample lasts at least `minMs`); a sample is that
   * time divided by `repeat`: the time of one run of `iterations` operations.
   */
  window.runBenchmarks = async ({ rounds = 3, warmup = 2, scale = 1, minMs = 30, only } = {}) => {
    const results = cases
      .filter((c) => !only || only.includes(c.name))
      .map((c) => ({ name: c.name, iterations: Math.max(1, Math.round(c.iterations * scale)), repeat: 1, times: [], seen: [] }));
    for (let round = 0; round < warmup + rounds; round++) {
      for (const entry of results) {
        if (entry.error) continue;
        const c = cases.find((x) => x.name === entry.name);
        await pause(5); // outside the timing: let the page settle (and collect)
        try {
          let seen;
          const t0 = performance.now();
          for (let k = 0; k < entry.repeat; k++) seen = await withinTime(c.run(entry.iterations), 60_000);
          const time = (performance.now() - t0) / entry.repeat;
          if (round < warmup) {
            entry.repeat = Math.min(256, Math.max(1, Math.ceil(minMs / Math.max(time, 0.05))));
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
