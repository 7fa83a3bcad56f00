// The page side of bench/memory.ts, loaded into a bench page (native,
// taskcontext, zone: window.benchAdapter) after it has loaded. Each function
// builds something and leaves it alive until `release()`, so that the Node side
// can collect garbage and read the heap between the two; callbacks are new
// closures over a per-iteration binding, as apps write them.
(() => {
  const adapter = window.benchAdapter;
  let kept = [];
  let timerIds = [];
  let sink = 0;

  window.benchMemory = {
    /** n `.then` callbacks waiting on a promise that never settles. */
    pendingThen(n) {
      adapter.run('ctx-value', () => {
        const never = new Promise(() => {});
        for (let i = 0; i < n; i++) never.then(() => (sink = i));
        kept.push(never);
      });
    },
    /** n timers that will not fire before release() (their ids are numbers: the platform holds the timers). */
    pendingTimers(n) {
      adapter.run('ctx-value', () => {
        for (let i = 0; i < n; i++) timerIds.push(setTimeout(() => (sink = i), 3_600_000));
      });
    },
    /** The elements for `listeners`, made beforehand so that only the listeners count. */
    elements(count) {
      this.targets = Array.from({ length: count }, () => document.createElement('div'));
    },
    /** n listeners, spread over the elements (three types in turn). */
    listeners(n) {
      const types = ['click', 'input', 'keydown'];
      const targets = this.targets;
      adapter.run('ctx-value', () => {
        for (let i = 0; i < n; i++) targets[i % targets.length].addEventListener(types[i % 3], () => (sink = i));
      });
    },
    release() {
      for (const id of timerIds) clearTimeout(id);
      timerIds = [];
      kept = [];
      this.targets = undefined;
    },
    /**
     * The soak: `n` listener add+remove pairs, new closures, on 100 elements,
     * each thousand inside a frame of its own (Variable.run with a new value).
     */
    soakListeners(n) {
      const targets = Array.from({ length: 100 }, () => document.createElement('div'));
      for (let start = 0; start < n; start += 1000) {
        adapter.run(`frame ${start}`, () => {
          for (let i = start; i < start + 1000 && i < n; i++) {
            const target = targets[i % 100];
            const listener = () => (sink = i);
            target.addEventListener('bench', listener);
            target.removeEventListener('bench', listener);
          }
        });
      }
      return sink;
    },
    /** `n` setTimeout(0) with new closures, 10k at a time, each batch inside a frame of its own. */
    async soakTimers(n) {
      for (let start = 0; start < n; start += 10_000) {
        await adapter.run(
          `frame ${start}`,
          () =>
            new Promise((resolve) => {
              let left = Math.min(10_000, n - start);
              for (let i = 0, count = left; i < count; i++) {
                setTimeout(() => {
                  sink = i;
                  if (--left === 0) resolve();
                }, 0);
              }
            }),
        );
      }
      return sink;
    },
  };
})();
